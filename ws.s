	.file	"<string>"
	.section	.rodata.cst8,"aM",@progbits,8
	.p2align	3, 0x0
.LCPI0_0:
	.quad	0x8000000000000000
.LCPI0_2:
	.quad	0x3ff0000000000000
	.section	.rodata.cst32,"aM",@progbits,32
	.p2align	5, 0x0
.LCPI0_1:
	.quad	0x0000000000000000
	.quad	0x8000000000000000
	.quad	0x8000000000000000
	.quad	0x8000000000000000
	.section	.rodata.cst4,"aM",@progbits,4
	.p2align	2, 0x0
.LCPI0_3:
	.long	1
	.section	.ltext,"axl",@progbits
	.globl	_ZN4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb
	.p2align	4
	.type	_ZN4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb,@function
_ZN4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb:
	.cfi_startproc
	pushq	%rbp
	.cfi_def_cfa_offset 16
	pushq	%r15
	.cfi_def_cfa_offset 24
	pushq	%r14
	.cfi_def_cfa_offset 32
	pushq	%r13
	.cfi_def_cfa_offset 40
	pushq	%r12
	.cfi_def_cfa_offset 48
	pushq	%rbx
	.cfi_def_cfa_offset 56
	subq	$88, %rsp
	.cfi_def_cfa_offset 144
	.cfi_offset %rbx, -56
	.cfi_offset %r12, -48
	.cfi_offset %r13, -40
	.cfi_offset %r14, -32
	.cfi_offset %r15, -24
	.cfi_offset %rbp, -16
	movq	200(%rsp), %rbp
	movq	168(%rsp), %r15
	movq	144(%rsp), %r13
	movabsq	$NRT_incref, %r14
	movq	%rdi, 8(%rsp)
	movq	%rdx, %rdi
	movq	%r8, %r12
	movq	%rdx, %rbx
	callq	*%r14
	movq	%r15, %rdi
	callq	*%r14
	cmpb	$0, 224(%rsp)
	movabsq	$NRT_decref, %r8
	je	.LBB0_15
	testq	%r12, %r12
	jle	.LBB0_2
	movq	168(%rsp), %r14
	movabsq	$.LCPI0_2, %rcx
	vxorpd	%xmm0, %xmm0, %xmm0
	movq	%rbx, %rdi
	cmpq	$8, %r12
	jae	.LBB0_11
	vmovsd	(%rcx), %xmm1
	movq	8(%rsp), %r15
	xorl	%eax, %eax
	vxorpd	%xmm8, %xmm8, %xmm8
	vxorpd	%xmm7, %xmm7, %xmm7
	vxorpd	%xmm5, %xmm5, %xmm5
	vxorpd	%xmm6, %xmm6, %xmm6
	movq	%r8, %rbx
	jmp	.LBB0_3
.LBB0_15:
	vxorpd	%xmm0, %xmm0, %xmm0
	testq	%r12, %r12
	jle	.LBB0_16
	movq	168(%rsp), %r14
	movq	%rbx, %rdi
	cmpq	$8, %r12
	jae	.LBB0_19
	movq	8(%rsp), %r15
	xorl	%eax, %eax
	vxorpd	%xmm9, %xmm9, %xmm9
	vxorpd	%xmm5, %xmm5, %xmm5
	vxorpd	%xmm3, %xmm3, %xmm3
	vxorpd	%xmm4, %xmm4, %xmm4
	movq	%r8, %rbx
	jmp	.LBB0_5
.LBB0_2:
	movq	168(%rsp), %r14
	movq	8(%rsp), %r15
	movq	%rbx, %rdi
	vxorpd	%xmm6, %xmm6, %xmm6
	vxorpd	%xmm5, %xmm5, %xmm5
	vxorpd	%xmm7, %xmm7, %xmm7
	vxorpd	%xmm8, %xmm8, %xmm8
	movq	%r8, %rbx
	jmp	.LBB0_4
.LBB0_11:
	movabsq	$.LCPI0_0, %rdx
	movabsq	$.LCPI0_3, %rsi
	movq	8(%rsp), %r15
	movabsq	$9223372036854775800, %rax
	movq	%r8, %rbx
	vxorpd	%xmm11, %xmm11, %xmm11
	vbroadcastsd	(%rdx), %ymm3
	movabsq	$.LCPI0_1, %rdx
	vbroadcastss	(%rsi), %xmm0
	andq	%r12, %rax
	vmovapd	(%rdx), %ymm4
	xorl	%edx, %edx
	vmovapd	%xmm0, 32(%rsp)
	vmovapd	%ymm3, %ymm9
	vmovapd	%ymm3, %ymm6
	vmovapd	%ymm3, %ymm2
	vmovapd	%ymm4, %ymm7
	vmovapd	%ymm4, %ymm5
	vmovapd	%ymm4, %ymm1
	.p2align	4
.LBB0_12:
	vmovupd	(%rbp,%rdx,8), %ymm15
	vbroadcastsd	(%rcx), %ymm10
	vmovupd	32(%rbp,%rdx,8), %ymm12
	vmovupd	(%r13,%rdx,8), %ymm13
	vmovupd	32(%r13,%rdx,8), %ymm14
	addq	$8, %rdx
	vsubpd	%ymm15, %ymm10, %ymm0
	vsubpd	%ymm12, %ymm10, %ymm8
	vaddpd	%ymm1, %ymm13, %ymm1
	vmovupd	%ymm10, 48(%rsp)
	vaddpd	%ymm6, %ymm12, %ymm6
	vaddpd	%ymm5, %ymm15, %ymm5
	vaddpd	%ymm2, %ymm14, %ymm2
	vfmadd231pd	%ymm0, %ymm13, %ymm7
	vcmpltpd	%ymm11, %ymm13, %ymm0
	vfmadd231pd	%ymm8, %ymm14, %ymm9
	vmovapd	%ymm1, %ymm10
	vmovaps	32(%rsp), %xmm1
	vextractf128	$1, %ymm0, %xmm8
	vpackssdw	%xmm8, %xmm0, %xmm0
	vcmpltpd	%ymm11, %ymm15, %ymm8
	vextractf128	$1, %ymm8, %xmm13
	vshufps	$136, %xmm13, %xmm8, %xmm8
	vandps	%xmm1, %xmm8, %xmm8
	vpsubd	%xmm0, %xmm8, %xmm0
	vmovupd	48(%rsp), %ymm8
	vcmpltpd	%ymm15, %ymm8, %ymm8
	vextractf128	$1, %ymm8, %xmm13
	vpackssdw	%xmm13, %xmm8, %xmm8
	vpsubd	%xmm8, %xmm0, %xmm0
	vcvtdq2pd	%xmm0, %ymm0
	vaddpd	%ymm0, %ymm4, %ymm4
	vcmpltpd	%ymm11, %ymm14, %ymm0
	vextractf128	$1, %ymm0, %xmm8
	vpackssdw	%xmm8, %xmm0, %xmm0
	vcmpltpd	%ymm11, %ymm12, %ymm8
	vextractf128	$1, %ymm8, %xmm13
	vshufps	$136, %xmm13, %xmm8, %xmm8
	vandps	%xmm1, %xmm8, %xmm8
	vmovapd	%ymm10, %ymm1
	vpsubd	%xmm0, %xmm8, %xmm0
	vmovupd	48(%rsp), %ymm8
	vcmpltpd	%ymm12, %ymm8, %ymm8
	vextractf128	$1, %ymm8, %xmm12
	vpackssdw	%xmm12, %xmm8, %xmm8
	vpsubd	%xmm8, %xmm0, %xmm0
	vcvtdq2pd	%xmm0, %ymm0
	vaddpd	%ymm0, %ymm3, %ymm3
	cmpq	%rdx, %rax
	jne	.LBB0_12
	vaddpd	%ymm4, %ymm3, %ymm0
	vextractf128	$1, %ymm0, %xmm3
	vaddpd	%xmm3, %xmm0, %xmm0
	vshufpd	$1, %xmm0, %xmm0, %xmm3
	vaddsd	%xmm3, %xmm0, %xmm8
	vaddpd	%ymm7, %ymm9, %ymm0
	vextractf128	$1, %ymm0, %xmm3
	vaddpd	%xmm3, %xmm0, %xmm0
	vshufpd	$1, %xmm0, %xmm0, %xmm3
	vaddsd	%xmm3, %xmm0, %xmm7
	vaddpd	%ymm5, %ymm6, %ymm0
	vextractf128	$1, %ymm0, %xmm3
	vaddpd	%xmm3, %xmm0, %xmm0
	vshufpd	$1, %xmm0, %xmm0, %xmm3
	vaddsd	%xmm3, %xmm0, %xmm5
	vaddpd	%ymm1, %ymm2, %ymm0
	vextractf128	$1, %ymm0, %xmm1
	vaddpd	%xmm1, %xmm0, %xmm0
	vshufpd	$1, %xmm0, %xmm0, %xmm1
	vaddsd	%xmm1, %xmm0, %xmm6
	vxorpd	%xmm0, %xmm0, %xmm0
	cmpq	%rax, %r12
	je	.LBB0_4
	vmovsd	(%rcx), %xmm1
	.p2align	4
.LBB0_3:
	vmovsd	(%r13,%rax,8), %xmm2
	vmovsd	(%rbp,%rax,8), %xmm3
	xorl	%ecx, %ecx
	incq	%rax
	vucomisd	%xmm2, %xmm0
	vsubsd	%xmm3, %xmm1, %xmm4
	vaddsd	%xmm2, %xmm6, %xmm6
	vaddsd	%xmm3, %xmm5, %xmm5
	vfmadd231sd	%xmm4, %xmm2, %xmm7
	seta	%cl
	xorl	%edx, %edx
	vucomisd	%xmm3, %xmm0
	seta	%dl
	addl	%ecx, %edx
	xorl	%ecx, %ecx
	vucomisd	%xmm1, %xmm3
	seta	%cl
	addl	%edx, %ecx
	vxorps	%xmm11, %xmm11, %xmm11
	vcvtsi2sd	%ecx, %xmm11, %xmm2
	vaddsd	%xmm2, %xmm8, %xmm8
	cmpq	%rax, %r12
	jne	.LBB0_3
.LBB0_4:
	vmovsd	%xmm6, 16(%rsp)
	vmovsd	%xmm5, 24(%rsp)
	vmovsd	%xmm7, 32(%rsp)
	vmovsd	%xmm8, 48(%rsp)
	vzeroupper
	callq	*%rbx
	movq	%r14, %rdi
	callq	*%rbx
	xorl	%edi, %edi
	xorl	%r14d, %r14d
	jmp	.LBB0_8
.LBB0_16:
	movq	168(%rsp), %r14
	movq	8(%rsp), %r15
	movq	%rbx, %rdi
	vmovsd	%xmm0, 16(%rsp)
	vmovsd	%xmm0, 24(%rsp)
	vmovsd	%xmm0, 32(%rsp)
	vmovsd	%xmm0, 48(%rsp)
	movq	%r8, %rbx
	jmp	.LBB0_8
.LBB0_19:
	movabsq	$.LCPI0_0, %rcx
	movabsq	$.LCPI0_3, %rdx
	movq	8(%rsp), %r15
	movabsq	$9223372036854775800, %rax
	vxorpd	%xmm9, %xmm9, %xmm9
	movq	%r8, %rbx
	vbroadcastsd	(%rcx), %ymm3
	movabsq	$.LCPI0_1, %rcx
	vbroadcastss	(%rdx), %xmm10
	andq	%r12, %rax
	vmovapd	(%rcx), %ymm5
	xorl	%ecx, %ecx
	vmovapd	%ymm3, %ymm8
	vmovapd	%ymm3, %ymm6
	vmovapd	%ymm3, %ymm2
	vmovapd	%ymm5, %ymm7
	vmovapd	%ymm5, %ymm4
	vmovapd	%ymm5, %ymm1
	.p2align	4
.LBB0_20:
	vmovupd	(%r13,%rcx,8), %ymm11
	vmovupd	(%rbp,%rcx,8), %ymm13
	vmovupd	32(%r13,%rcx,8), %ymm12
	vmovupd	32(%rbp,%rcx,8), %ymm14
	addq	$8, %rcx
	vaddpd	%ymm1, %ymm11, %ymm1
	vfmadd231pd	%ymm13, %ymm11, %ymm7
	vcmpltpd	%ymm9, %ymm11, %ymm11
	vaddpd	%ymm4, %ymm13, %ymm4
	vcmpltpd	%ymm9, %ymm13, %ymm13
	vaddpd	%ymm2, %ymm12, %ymm2
	vfmadd231pd	%ymm14, %ymm12, %ymm8
	vaddpd	%ymm6, %ymm14, %ymm6
	vextractf128	$1, %ymm11, %xmm15
	vpackssdw	%xmm15, %xmm11, %xmm11
	vextractf128	$1, %ymm13, %xmm15
	vshufps	$136, %xmm15, %xmm13, %xmm13
	vandps	%xmm10, %xmm13, %xmm13
	vpsubd	%xmm11, %xmm13, %xmm11
	vcvtdq2pd	%xmm11, %ymm11
	vaddpd	%ymm5, %ymm11, %ymm5
	vcmpltpd	%ymm9, %ymm12, %ymm11
	vextractf128	$1, %ymm11, %xmm12
	vpackssdw	%xmm12, %xmm11, %xmm11
	vcmpltpd	%ymm9, %ymm14, %ymm12
	vextractf128	$1, %ymm12, %xmm13
	vshufps	$136, %xmm13, %xmm12, %xmm12
	vandps	%xmm10, %xmm12, %xmm12
	vpsubd	%xmm11, %xmm12, %xmm11
	vcvtdq2pd	%xmm11, %ymm11
	vaddpd	%ymm3, %ymm11, %ymm3
	cmpq	%rcx, %rax
	jne	.LBB0_20
	vaddpd	%ymm5, %ymm3, %ymm3
	vaddpd	%ymm1, %ymm2, %ymm1
	vextractf128	$1, %ymm3, %xmm5
	vextractf128	$1, %ymm1, %xmm2
	vaddpd	%xmm5, %xmm3, %xmm3
	vaddpd	%xmm2, %xmm1, %xmm1
	vshufpd	$1, %xmm3, %xmm3, %xmm5
	vshufpd	$1, %xmm1, %xmm1, %xmm2
	vaddsd	%xmm5, %xmm3, %xmm9
	vaddpd	%ymm7, %ymm8, %ymm3
	vextractf128	$1, %ymm3, %xmm5
	vaddpd	%xmm5, %xmm3, %xmm3
	vshufpd	$1, %xmm3, %xmm3, %xmm5
	vaddsd	%xmm5, %xmm3, %xmm5
	vaddpd	%ymm4, %ymm6, %ymm3
	vextractf128	$1, %ymm3, %xmm4
	vaddpd	%xmm4, %xmm3, %xmm3
	vshufpd	$1, %xmm3, %xmm3, %xmm4
	vaddsd	%xmm4, %xmm3, %xmm3
	vaddsd	%xmm2, %xmm1, %xmm4
	jmp	.LBB0_6
.LBB0_5:
	vmovsd	(%r13,%rax,8), %xmm1
	vmovsd	(%rbp,%rax,8), %xmm2
	xorl	%ecx, %ecx
	incq	%rax
	vucomisd	%xmm1, %xmm0
	vaddsd	%xmm1, %xmm4, %xmm4
	vfmadd231sd	%xmm2, %xmm1, %xmm5
	vaddsd	%xmm2, %xmm3, %xmm3
	seta	%cl
	xorl	%edx, %edx
	vucomisd	%xmm2, %xmm0
	seta	%dl
	addl	%ecx, %edx
	vxorps	%xmm10, %xmm10, %xmm10
	vcvtsi2sd	%edx, %xmm10, %xmm1
	vaddsd	%xmm1, %xmm9, %xmm9
.LBB0_6:
	cmpq	%rax, %r12
	jne	.LBB0_5
	vmovsd	%xmm4, 16(%rsp)
	vmovsd	%xmm3, 24(%rsp)
	vmovsd	%xmm5, 32(%rsp)
	vmovsd	%xmm9, 48(%rsp)
.LBB0_8:
	vzeroupper
	callq	*%rbx
	movq	%r14, %rdi
	callq	*%rbx
	vmovsd	16(%rsp), %xmm0
	vmovsd	24(%rsp), %xmm1
	vmovsd	32(%rsp), %xmm2
	xorl	%eax, %eax
	vmovsd	%xmm0, (%r15)
	vmovsd	%xmm1, 8(%r15)
	vmovsd	48(%rsp), %xmm1
	vmovsd	%xmm2, 16(%r15)
	vmovsd	%xmm1, 24(%r15)
	addq	$88, %rsp
	.cfi_def_cfa_offset 56
	popq	%rbx
	.cfi_def_cfa_offset 48
	popq	%r12
	.cfi_def_cfa_offset 40
	popq	%r13
	.cfi_def_cfa_offset 32
	popq	%r14
	.cfi_def_cfa_offset 24
	popq	%r15
	.cfi_def_cfa_offset 16
	popq	%rbp
	.cfi_def_cfa_offset 8
	retq
.Lfunc_end0:
	.size	_ZN4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb, .Lfunc_end0-_ZN4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb
	.cfi_endproc

	.globl	_ZN7cpython4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb
	.p2align	4
	.type	_ZN7cpython4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb,@function
_ZN7cpython4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb:
	.cfi_startproc
	pushq	%rbp
	.cfi_def_cfa_offset 16
	pushq	%r15
	.cfi_def_cfa_offset 24
	pushq	%r14
	.cfi_def_cfa_offset 32
	pushq	%r13
	.cfi_def_cfa_offset 40
	pushq	%r12
	.cfi_def_cfa_offset 48
	pushq	%rbx
	.cfi_def_cfa_offset 56
	subq	$296, %rsp
	.cfi_def_cfa_offset 352
	.cfi_offset %rbx, -56
	.cfi_offset %r12, -48
	.cfi_offset %r13, -40
	.cfi_offset %r14, -32
	.cfi_offset %r15, -24
	.cfi_offset %rbp, -16
	movq	%rsi, %rdi
	leaq	120(%rsp), %rax
	movabsq	$.const._weighted_sums, %rsi
	movabsq	$PyArg_UnpackTuple, %r10
	leaq	136(%rsp), %r8
	leaq	128(%rsp), %r9
	movl	$3, %edx
	movl	$3, %ecx
	xorl	%ebx, %ebx
	movq	%rax, (%rsp)
	xorl	%eax, %eax
	callq	*%r10
	testl	%eax, %eax
	je	.LBB1_14
	movabsq	$_ZN08NumbaEnv4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb, %rax
	cmpq	$0, (%rax)
	je	.LBB1_2
	movq	136(%rsp), %rdi
	movabsq	$NRT_adapt_ndarray_from_python, %r14
	leaq	176(%rsp), %rsi
	vxorps	%xmm0, %xmm0, %xmm0
	vmovups	%ymm0, 176(%rsp)
	vmovups	%ymm0, 200(%rsp)
	vzeroupper
	callq	*%r14
	testl	%eax, %eax
	jne	.LBB1_6
	cmpq	$8, 200(%rsp)
	jne	.LBB1_6
	movq	192(%rsp), %rax
	movq	128(%rsp), %rdi
	movq	176(%rsp), %rbx
	movq	208(%rsp), %r13
	leaq	240(%rsp), %rsi
	vxorps	%xmm0, %xmm0, %xmm0
	vmovups	%ymm0, 240(%rsp)
	vmovups	%ymm0, 264(%rsp)
	movq	%rax, 88(%rsp)
	vzeroupper
	callq	*%r14
	testl	%eax, %eax
	jne	.LBB1_9
	cmpq	$8, 264(%rsp)
	jne	.LBB1_9
	movq	120(%rsp), %rdi
	movq	240(%rsp), %r12
	movq	272(%rsp), %r15
	movabsq	$PyObject_IsTrue, %rax
	callq	*%rax
	movabsq	$PyErr_Occurred, %r14
	movl	%eax, %ebp
	callq	*%r14
	testq	%rax, %rax
	jne	.LBB1_11
	movq	%r13, %r14
	xorl	%r13d, %r13d
	testl	%ebp, %ebp
	movabsq	$PyEval_SaveThread, %rax
	setne	%r13b
	callq	*%rax
	movq	88(%rsp), %r8
	movq	%rax, %rbp
	movabsq	$_ZN4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb, %rax
	leaq	144(%rsp), %rdi
	vxorps	%xmm0, %xmm0, %xmm0
	movq	%rbx, %rdx
	vmovups	%ymm0, 144(%rsp)
	movl	%r13d, 80(%rsp)
	movq	%r15, 56(%rsp)
	movq	%r12, 24(%rsp)
	movq	%r14, (%rsp)
	vzeroupper
	callq	*%rax
	vmovsd	152(%rsp), %xmm1
	vmovsd	144(%rsp), %xmm0
	vmovsd	160(%rsp), %xmm2
	movabsq	$PyEval_RestoreThread, %rax
	movq	%rbp, %rdi
	vmovsd	%xmm1, 104(%rsp)
	vmovsd	168(%rsp), %xmm1
	vmovsd	%xmm0, 96(%rsp)
	vmovsd	%xmm2, 112(%rsp)
	vmovsd	%xmm1, 88(%rsp)
	callq	*%rax
	movabsq	$NRT_decref, %r15
	movq	%rbx, %rdi
	callq	*%r15
	movq	%r12, %rdi
	callq	*%r15
	movabsq	$PyTuple_New, %rax
	movl	$4, %edi
	callq	*%rax
	vmovsd	96(%rsp), %xmm0
	movabsq	$PyFloat_FromDouble, %r15
	movq	%rax, %rbx
	callq	*%r15
	movabsq	$PyTuple_SetItem, %r14
	movq	%rbx, %rdi
	xorl	%esi, %esi
	movq	%rax, %rdx
	callq	*%r14
	vmovsd	104(%rsp), %xmm0
	callq	*%r15
	movl	$1, %esi
	movq	%rbx, %rdi
	movq	%rax, %rdx
	callq	*%r14
	vmovsd	112(%rsp), %xmm0
	callq	*%r15
	movl	$2, %esi
	movq	%rbx, %rdi
	movq	%rax, %rdx
	callq	*%r14
	vmovsd	88(%rsp), %xmm0
	callq	*%r15
	movl	$3, %esi
	movq	%rbx, %rdi
	movq	%rax, %rdx
	callq	*%r14
.LBB1_14:
	movq	%rbx, %rax
	addq	$296, %rsp
	.cfi_def_cfa_offset 56
	popq	%rbx
	.cfi_def_cfa_offset 48
	popq	%r12
	.cfi_def_cfa_offset 40
	popq	%r13
	.cfi_def_cfa_offset 32
	popq	%r14
	.cfi_def_cfa_offset 24
	popq	%r15
	.cfi_def_cfa_offset 16
	popq	%rbp
	.cfi_def_cfa_offset 8
	retq
.LBB1_2:
	.cfi_def_cfa_offset 352
	movabsq	$PyExc_RuntimeError, %rdi
	movabsq	$".const.missing Environment: _ZN08NumbaEnv4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb", %rsi
	jmp	.LBB1_3
.LBB1_6:
	movabsq	$PyExc_TypeError, %rdi
	movabsq	$".const.can't unbox array from PyObject into native value.  The object maybe of a different type", %rsi
.LBB1_3:
	movabsq	$PyErr_SetString, %rax
	callq	*%rax
	xorl	%ebx, %ebx
	jmp	.LBB1_14
.LBB1_9:
	movabsq	$PyExc_TypeError, %rdi
	movabsq	$".const.can't unbox array from PyObject into native value.  The object maybe of a different type", %rsi
	movabsq	$PyErr_SetString, %rax
	callq	*%rax
	jmp	.LBB1_12
.LBB1_11:
	movabsq	$NRT_decref, %rax
	movq	%r12, %rdi
	callq	*%rax
.LBB1_12:
	movabsq	$NRT_decref, %rax
	movq	%rbx, %rdi
	callq	*%rax
	xorl	%ebx, %ebx
	jmp	.LBB1_14
.Lfunc_end1:
	.size	_ZN7cpython4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb, .Lfunc_end1-_ZN7cpython4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb
	.cfi_endproc

	.globl	cfunc._ZN4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb
	.p2align	4
	.type	cfunc._ZN4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb,@function
cfunc._ZN4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb:
	.cfi_startproc
	subq	$136, %rsp
	.cfi_def_cfa_offset 144
	movzbl	208(%rsp), %r10d
	movq	152(%rsp), %rcx
	movq	184(%rsp), %rsi
	movq	%rdx, %rax
	movq	%rdi, %rdx
	leaq	96(%rsp), %rdi
	vxorps	%xmm0, %xmm0, %xmm0
	movq	%r8, (%rsp)
	vmovups	%ymm0, 96(%rsp)
	movq	%rax, %r8
	andl	$1, %r10d
	movq	%rcx, 24(%rsp)
	movabsq	$_ZN4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb, %rcx
	movq	%rsi, 56(%rsp)
	movl	%r10d, 80(%rsp)
	vzeroupper
	callq	*%rcx
	vmovsd	96(%rsp), %xmm0
	vmovsd	104(%rsp), %xmm1
	fldl	120(%rsp)
	fldl	112(%rsp)
	addq	$136, %rsp
	.cfi_def_cfa_offset 8
	retq
.Lfunc_end2:
	.size	cfunc._ZN4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb, .Lfunc_end2-cfunc._ZN4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb
	.cfi_endproc

	.weak	NRT_incref
	.p2align	4
	.type	NRT_incref,@function
NRT_incref:
	testq	%rdi, %rdi
	je	.LBB3_2
	lock		incq	(%rdi)
.LBB3_2:
	retq
.Lfunc_end3:
	.size	NRT_incref, .Lfunc_end3-NRT_incref

	.weak	NRT_decref
	.p2align	4
	.type	NRT_decref,@function
NRT_decref:
	.cfi_startproc
	testq	%rdi, %rdi
	je	.LBB4_2
	#MEMBARRIER
	lock		decq	(%rdi)
	je	.LBB4_3
.LBB4_2:
	retq
.LBB4_3:
	movabsq	$NRT_MemInfo_call_dtor, %rax
	#MEMBARRIER
	jmpq	*%rax
.Lfunc_end4:
	.size	NRT_decref, .Lfunc_end4-NRT_decref
	.cfi_endproc

	.type	.const._weighted_sums,@object
	.section	.lrodata,"al",@progbits
.const._weighted_sums:
	.asciz	"_weighted_sums"
	.size	.const._weighted_sums, 15

	.type	_ZN08NumbaEnv4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb,@object
	.comm	_ZN08NumbaEnv4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb,8,8
	.type	".const.missing Environment: _ZN08NumbaEnv4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb",@object
	.p2align	4, 0x0
".const.missing Environment: _ZN08NumbaEnv4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb":
	.asciz	"missing Environment: _ZN08NumbaEnv4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb"
	.size	".const.missing Environment: _ZN08NumbaEnv4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb", 228

	.type	".const.can't unbox array from PyObject into native value.  The object maybe of a different type",@object
	.p2align	4, 0x0
".const.can't unbox array from PyObject into native value.  The object maybe of a different type":
	.asciz	"can't unbox array from PyObject into native value.  The object maybe of a different type"
	.size	".const.can't unbox array from PyObject into native value.  The object maybe of a different type", 89

	.section	".note.GNU-stack","",@progbits
