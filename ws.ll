; ModuleID = '_weighted_sums'
source_filename = "<string>"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@.const._weighted_sums = internal constant [15 x i8] c"_weighted_sums\00"
@_ZN08NumbaEnv4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb = common local_unnamed_addr global ptr null
@".const.missing Environment: _ZN08NumbaEnv4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb" = internal constant [228 x i8] c"missing Environment: _ZN08NumbaEnv4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb\00"
@PyExc_TypeError = external global i8
@".const.can't unbox array from PyObject into native value.  The object maybe of a different type" = internal constant [89 x i8] c"can't unbox array from PyObject into native value.  The object maybe of a different type\00"
@PyExc_RuntimeError = external global i8

define noundef i32 @_ZN4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb(ptr noalias writeonly captures(none) %retptr, ptr noalias readnone captures(none) %excinfo, ptr %arg.p.0, ptr readnone captures(none) %arg.p.1, i64 %arg.p.2, i64 %arg.p.3, ptr readonly captures(none) %arg.p.4, i64 %arg.p.5.0, i64 %arg.p.6.0, ptr %arg.l.0, ptr readnone captures(none) %arg.l.1, i64 %arg.l.2, i64 %arg.l.3, ptr readonly captures(none) %arg.l.4, i64 %arg.l.5.0, i64 %arg.l.6.0, i8 %arg.complement) local_unnamed_addr {
entry:
  %.25.not = icmp eq i8 %arg.complement, 0
  tail call void @NRT_incref(ptr %arg.p.0)
  tail call void @NRT_incref(ptr %arg.l.0)
  br i1 %.25.not, label %B196.endif, label %B38.endif

B70:                                              ; preds = %B70.preheader56, %B70
  %bad.3.0195 = phi double [ %.298, %B70 ], [ %bad.3.0195.ph, %B70.preheader56 ]
  %sw.3.0194 = phi double [ %.282, %B70 ], [ %sw.3.0194.ph, %B70.preheader56 ]
  %sl.3.0193 = phi double [ %.276, %B70 ], [ %sl.3.0193.ph, %B70.preheader56 ]
  %sp.3.0192 = phi double [ %.272, %B70 ], [ %sp.3.0192.ph, %B70.preheader56 ]
  %.179188190 = phi i64 [ %.186, %B70 ], [ %.179188190.ph, %B70.preheader56 ]
  %.186 = add nuw nsw i64 %.179188190, 1
  %0 = shl i64 %.179188190, 3
  %scevgep90 = getelementptr i8, ptr %arg.p.4, i64 %0
  %.240 = load double, ptr %scevgep90, align 8
  %1 = shl i64 %.179188190, 3
  %scevgep89 = getelementptr i8, ptr %arg.l.4, i64 %1
  %.270 = load double, ptr %scevgep89, align 8
  %.272 = fadd reassoc contract double %sp.3.0192, %.240
  %.276 = fadd reassoc contract double %sl.3.0193, %.270
  %.279 = fsub reassoc contract double 1.000000e+00, %.270
  %.280 = fmul reassoc contract double %.240, %.279
  %.282 = fadd reassoc contract double %sw.3.0194, %.280
  %.285 = fcmp reassoc contract olt double %.240, 0.000000e+00
  %.286 = fcmp reassoc contract olt double %.270, 0.000000e+00
  %.288 = zext i1 %.285 to i64
  %.290 = zext i1 %.286 to i64
  %.291 = add nuw nsw i64 %.290, %.288
  %.292 = fcmp reassoc contract ogt double %.270, 1.000000e+00
  %.294 = zext i1 %.292 to i64
  %.295 = add nuw nsw i64 %.291, %.294
  %.297 = uitofp nneg i64 %.295 to double
  %.298 = fadd reassoc contract double %bad.3.0195, %.297
  %exitcond.not = icmp eq i64 %arg.p.2, %.186
  br i1 %exitcond.not, label %B194, label %B70, !llvm.loop !0

B194:                                             ; preds = %B70, %middle.block, %B38.endif
  %sp.3.0.lcssa = phi double [ 0.000000e+00, %B38.endif ], [ %bin.rdx118, %middle.block ], [ %.272, %B70 ]
  %sl.3.0.lcssa = phi double [ 0.000000e+00, %B38.endif ], [ %bin.rdx113, %middle.block ], [ %.276, %B70 ]
  %sw.3.0.lcssa = phi double [ 0.000000e+00, %B38.endif ], [ %bin.rdx108, %middle.block ], [ %.282, %B70 ]
  %bad.3.0.lcssa = phi double [ 0.000000e+00, %B38.endif ], [ %bin.rdx103, %middle.block ], [ %.298, %B70 ]
  tail call void @NRT_decref(ptr %arg.p.0)
  tail call void @NRT_decref(ptr %arg.l.0)
  br label %B332

B228:                                             ; preds = %B228.preheader48, %B228
  %bad.4.1209 = phi double [ %.587, %B228 ], [ %bad.4.1209.ph, %B228.preheader48 ]
  %sw.4.1208 = phi double [ %.575, %B228 ], [ %sw.4.1208.ph, %B228.preheader48 ]
  %sl.4.1207 = phi double [ %.570, %B228 ], [ %sl.4.1207.ph, %B228.preheader48 ]
  %sp.4.1206 = phi double [ %.566, %B228 ], [ %sp.4.1206.ph, %B228.preheader48 ]
  %.465202204 = phi i64 [ %.472, %B228 ], [ %.465202204.ph, %B228.preheader48 ]
  %.472 = add nuw nsw i64 %.465202204, 1
  %2 = shl i64 %.465202204, 3
  %scevgep80 = getelementptr i8, ptr %arg.p.4, i64 %2
  %.534 = load double, ptr %scevgep80, align 8
  %3 = shl i64 %.465202204, 3
  %scevgep = getelementptr i8, ptr %arg.l.4, i64 %3
  %.564 = load double, ptr %scevgep, align 8
  %.566 = fadd reassoc contract double %sp.4.1206, %.534
  %.570 = fadd reassoc contract double %sl.4.1207, %.564
  %.573 = fmul reassoc contract double %.534, %.564
  %.575 = fadd reassoc contract double %sw.4.1208, %.573
  %.578 = fcmp reassoc contract olt double %.534, 0.000000e+00
  %.579 = fcmp reassoc contract olt double %.564, 0.000000e+00
  %.581 = zext i1 %.578 to i64
  %.583 = zext i1 %.579 to i64
  %.584 = add nuw nsw i64 %.583, %.581
  %.586 = uitofp nneg i64 %.584 to double
  %.587 = fadd reassoc contract double %bad.4.1209, %.586
  %exitcond216.not = icmp eq i64 %arg.p.2, %.472
  br i1 %exitcond216.not, label %B332, label %B228, !llvm.loop !3

B332:                                             ; preds = %B228, %middle.block37, %B196.endif, %B194
  %p.sroa.0.0 = phi ptr [ null, %B194 ], [ %arg.p.0, %B196.endif ], [ %arg.p.0, %middle.block37 ], [ %arg.p.0, %B228 ]
  %l.sroa.0.0 = phi ptr [ null, %B194 ], [ %arg.l.0, %B196.endif ], [ %arg.l.0, %middle.block37 ], [ %arg.l.0, %B228 ]
  %sp.5.0 = phi double [ %sp.3.0.lcssa, %B194 ], [ 0.000000e+00, %B196.endif ], [ %bin.rdx138, %middle.block37 ], [ %.566, %B228 ]
  %sl.5.0 = phi double [ %sl.3.0.lcssa, %B194 ], [ 0.000000e+00, %B196.endif ], [ %bin.rdx133, %middle.block37 ], [ %.570, %B228 ]
  %sw.5.0 = phi double [ %sw.3.0.lcssa, %B194 ], [ 0.000000e+00, %B196.endif ], [ %bin.rdx128, %middle.block37 ], [ %.575, %B228 ]
  %bad.5.0 = phi double [ %bad.3.0.lcssa, %B194 ], [ 0.000000e+00, %B196.endif ], [ %bin.rdx123, %middle.block37 ], [ %.587, %B228 ]
  tail call void @NRT_decref(ptr %p.sroa.0.0)
  tail call void @NRT_decref(ptr %l.sroa.0.0)
  store double %sp.5.0, ptr %retptr, align 8
  %retptr.repack180 = getelementptr inbounds nuw i8, ptr %retptr, i64 8
  store double %sl.5.0, ptr %retptr.repack180, align 8
  %retptr.repack182 = getelementptr inbounds nuw i8, ptr %retptr, i64 16
  store double %sw.5.0, ptr %retptr.repack182, align 8
  %retptr.repack184 = getelementptr inbounds nuw i8, ptr %retptr, i64 24
  store double %bad.5.0, ptr %retptr.repack184, align 8
  ret i32 0

B38.endif:                                        ; preds = %entry
  %4 = icmp slt i64 %arg.p.2, 1
  br i1 %4, label %B194, label %B70.preheader

B70.preheader:                                    ; preds = %B38.endif
  %min.iters.check = icmp ult i64 %arg.p.2, 8
  br i1 %min.iters.check, label %B70.preheader56, label %vector.ph

vector.ph:                                        ; preds = %B70.preheader
  %const = bitcast i64 9223372036854775800 to i64
  %n.vec = and i64 %arg.p.2, %const
  br label %vector.body

vector.body:                                      ; preds = %vector.body, %vector.ph
  %index = phi i64 [ 0, %vector.ph ], [ %index.next, %vector.body ]
  %vec.phi = phi <4 x double> [ <double 0.000000e+00, double -0.000000e+00, double -0.000000e+00, double -0.000000e+00>, %vector.ph ], [ %33, %vector.body ]
  %vec.phi1 = phi <4 x double> [ splat (double -0.000000e+00), %vector.ph ], [ %34, %vector.body ]
  %vec.phi2 = phi <4 x double> [ <double 0.000000e+00, double -0.000000e+00, double -0.000000e+00, double -0.000000e+00>, %vector.ph ], [ %13, %vector.body ]
  %vec.phi3 = phi <4 x double> [ splat (double -0.000000e+00), %vector.ph ], [ %14, %vector.body ]
  %vec.phi4 = phi <4 x double> [ <double 0.000000e+00, double -0.000000e+00, double -0.000000e+00, double -0.000000e+00>, %vector.ph ], [ %7, %vector.body ]
  %vec.phi5 = phi <4 x double> [ splat (double -0.000000e+00), %vector.ph ], [ %8, %vector.body ]
  %vec.phi6 = phi <4 x double> [ <double 0.000000e+00, double -0.000000e+00, double -0.000000e+00, double -0.000000e+00>, %vector.ph ], [ %5, %vector.body ]
  %vec.phi7 = phi <4 x double> [ splat (double -0.000000e+00), %vector.ph ], [ %6, %vector.body ]
  %sunkaddr = mul i64 %index, 8
  %sunkaddr139 = getelementptr i8, ptr %arg.p.4, i64 %sunkaddr
  %wide.load = load <4 x double>, ptr %sunkaddr139, align 8
  %sunkaddr140 = mul i64 %index, 8
  %sunkaddr141 = getelementptr i8, ptr %arg.p.4, i64 %sunkaddr140
  %sunkaddr142 = getelementptr i8, ptr %sunkaddr141, i64 32
  %wide.load8 = load <4 x double>, ptr %sunkaddr142, align 8
  %sunkaddr143 = mul i64 %index, 8
  %sunkaddr144 = getelementptr i8, ptr %arg.l.4, i64 %sunkaddr143
  %wide.load9 = load <4 x double>, ptr %sunkaddr144, align 8
  %sunkaddr145 = mul i64 %index, 8
  %sunkaddr146 = getelementptr i8, ptr %arg.l.4, i64 %sunkaddr145
  %sunkaddr147 = getelementptr i8, ptr %sunkaddr146, i64 32
  %wide.load10 = load <4 x double>, ptr %sunkaddr147, align 8
  %5 = fadd reassoc contract <4 x double> %vec.phi6, %wide.load
  %6 = fadd reassoc contract <4 x double> %vec.phi7, %wide.load8
  %7 = fadd reassoc contract <4 x double> %vec.phi4, %wide.load9
  %8 = fadd reassoc contract <4 x double> %vec.phi5, %wide.load10
  %9 = fsub reassoc contract <4 x double> splat (double 1.000000e+00), %wide.load9
  %10 = fsub reassoc contract <4 x double> splat (double 1.000000e+00), %wide.load10
  %11 = fmul reassoc contract <4 x double> %wide.load, %9
  %12 = fmul reassoc contract <4 x double> %wide.load8, %10
  %13 = fadd reassoc contract <4 x double> %vec.phi2, %11
  %14 = fadd reassoc contract <4 x double> %vec.phi3, %12
  %15 = fcmp reassoc contract olt <4 x double> %wide.load, zeroinitializer
  %16 = fcmp reassoc contract olt <4 x double> %wide.load8, zeroinitializer
  %17 = fcmp reassoc contract olt <4 x double> %wide.load9, zeroinitializer
  %18 = fcmp reassoc contract olt <4 x double> %wide.load10, zeroinitializer
  %19 = zext <4 x i1> %15 to <4 x i64>
  %20 = zext <4 x i1> %16 to <4 x i64>
  %21 = zext <4 x i1> %17 to <4 x i64>
  %22 = zext <4 x i1> %18 to <4 x i64>
  %23 = add nuw nsw <4 x i64> %21, %19
  %24 = add nuw nsw <4 x i64> %22, %20
  %25 = fcmp reassoc contract ogt <4 x double> %wide.load9, splat (double 1.000000e+00)
  %26 = fcmp reassoc contract ogt <4 x double> %wide.load10, splat (double 1.000000e+00)
  %27 = zext <4 x i1> %25 to <4 x i64>
  %28 = zext <4 x i1> %26 to <4 x i64>
  %29 = add nuw nsw <4 x i64> %23, %27
  %30 = add nuw nsw <4 x i64> %24, %28
  %31 = uitofp nneg <4 x i64> %29 to <4 x double>
  %32 = uitofp nneg <4 x i64> %30 to <4 x double>
  %33 = fadd reassoc contract <4 x double> %vec.phi, %31
  %34 = fadd reassoc contract <4 x double> %vec.phi1, %32
  %index.next = add nuw i64 %index, 8
  %35 = icmp eq i64 %n.vec, %index.next
  br i1 %35, label %middle.block, label %vector.body, !llvm.loop !4

middle.block:                                     ; preds = %vector.body
  %bin.rdx = fadd reassoc contract <4 x double> %34, %33
  %rdx.shuf = shufflevector <4 x double> %bin.rdx, <4 x double> poison, <4 x i32> <i32 2, i32 3, i32 poison, i32 poison>
  %bin.rdx100 = fadd reassoc contract <4 x double> %bin.rdx, %rdx.shuf
  %rdx.shuf101 = shufflevector <4 x double> %bin.rdx100, <4 x double> poison, <4 x i32> <i32 1, i32 poison, i32 poison, i32 poison>
  %bin.rdx102 = fadd reassoc contract <4 x double> %bin.rdx100, %rdx.shuf101
  %36 = extractelement <4 x double> %bin.rdx102, i32 0
  %bin.rdx103 = fadd reassoc contract double -0.000000e+00, %36
  %bin.rdx11 = fadd reassoc contract <4 x double> %14, %13
  %rdx.shuf104 = shufflevector <4 x double> %bin.rdx11, <4 x double> poison, <4 x i32> <i32 2, i32 3, i32 poison, i32 poison>
  %bin.rdx105 = fadd reassoc contract <4 x double> %bin.rdx11, %rdx.shuf104
  %rdx.shuf106 = shufflevector <4 x double> %bin.rdx105, <4 x double> poison, <4 x i32> <i32 1, i32 poison, i32 poison, i32 poison>
  %bin.rdx107 = fadd reassoc contract <4 x double> %bin.rdx105, %rdx.shuf106
  %37 = extractelement <4 x double> %bin.rdx107, i32 0
  %bin.rdx108 = fadd reassoc contract double -0.000000e+00, %37
  %bin.rdx12 = fadd reassoc contract <4 x double> %8, %7
  %rdx.shuf109 = shufflevector <4 x double> %bin.rdx12, <4 x double> poison, <4 x i32> <i32 2, i32 3, i32 poison, i32 poison>
  %bin.rdx110 = fadd reassoc contract <4 x double> %bin.rdx12, %rdx.shuf109
  %rdx.shuf111 = shufflevector <4 x double> %bin.rdx110, <4 x double> poison, <4 x i32> <i32 1, i32 poison, i32 poison, i32 poison>
  %bin.rdx112 = fadd reassoc contract <4 x double> %bin.rdx110, %rdx.shuf111
  %38 = extractelement <4 x double> %bin.rdx112, i32 0
  %bin.rdx113 = fadd reassoc contract double -0.000000e+00, %38
  %bin.rdx13 = fadd reassoc contract <4 x double> %6, %5
  %rdx.shuf114 = shufflevector <4 x double> %bin.rdx13, <4 x double> poison, <4 x i32> <i32 2, i32 3, i32 poison, i32 poison>
  %bin.rdx115 = fadd reassoc contract <4 x double> %bin.rdx13, %rdx.shuf114
  %rdx.shuf116 = shufflevector <4 x double> %bin.rdx115, <4 x double> poison, <4 x i32> <i32 1, i32 poison, i32 poison, i32 poison>
  %bin.rdx117 = fadd reassoc contract <4 x double> %bin.rdx115, %rdx.shuf116
  %39 = extractelement <4 x double> %bin.rdx117, i32 0
  %bin.rdx118 = fadd reassoc contract double -0.000000e+00, %39
  %cmp.n = icmp eq i64 %arg.p.2, %n.vec
  br i1 %cmp.n, label %B194, label %B70.preheader56

B70.preheader56:                                  ; preds = %B70.preheader, %middle.block
  %bad.3.0195.ph = phi double [ 0.000000e+00, %B70.preheader ], [ %bin.rdx103, %middle.block ]
  %sw.3.0194.ph = phi double [ 0.000000e+00, %B70.preheader ], [ %bin.rdx108, %middle.block ]
  %sl.3.0193.ph = phi double [ 0.000000e+00, %B70.preheader ], [ %bin.rdx113, %middle.block ]
  %sp.3.0192.ph = phi double [ 0.000000e+00, %B70.preheader ], [ %bin.rdx118, %middle.block ]
  %.179188190.ph = phi i64 [ 0, %B70.preheader ], [ %n.vec, %middle.block ]
  br label %B70

B196.endif:                                       ; preds = %entry
  %40 = icmp slt i64 %arg.p.2, 1
  br i1 %40, label %B332, label %B228.preheader

B228.preheader:                                   ; preds = %B196.endif
  %min.iters.check18 = icmp ult i64 %arg.p.2, 8
  br i1 %min.iters.check18, label %B228.preheader48, label %vector.ph19

vector.ph19:                                      ; preds = %B228.preheader
  %const99 = bitcast i64 9223372036854775800 to i64
  %n.vec21 = and i64 %arg.p.2, %const99
  br label %vector.body22

vector.body22:                                    ; preds = %vector.body22, %vector.ph19
  %index23 = phi i64 [ 0, %vector.ph19 ], [ %index.next36, %vector.body22 ]
  %vec.phi24 = phi <4 x double> [ <double 0.000000e+00, double -0.000000e+00, double -0.000000e+00, double -0.000000e+00>, %vector.ph19 ], [ %61, %vector.body22 ]
  %vec.phi25 = phi <4 x double> [ splat (double -0.000000e+00), %vector.ph19 ], [ %62, %vector.body22 ]
  %vec.phi26 = phi <4 x double> [ <double 0.000000e+00, double -0.000000e+00, double -0.000000e+00, double -0.000000e+00>, %vector.ph19 ], [ %47, %vector.body22 ]
  %vec.phi27 = phi <4 x double> [ splat (double -0.000000e+00), %vector.ph19 ], [ %48, %vector.body22 ]
  %vec.phi28 = phi <4 x double> [ <double 0.000000e+00, double -0.000000e+00, double -0.000000e+00, double -0.000000e+00>, %vector.ph19 ], [ %43, %vector.body22 ]
  %vec.phi29 = phi <4 x double> [ splat (double -0.000000e+00), %vector.ph19 ], [ %44, %vector.body22 ]
  %vec.phi30 = phi <4 x double> [ <double 0.000000e+00, double -0.000000e+00, double -0.000000e+00, double -0.000000e+00>, %vector.ph19 ], [ %41, %vector.body22 ]
  %vec.phi31 = phi <4 x double> [ splat (double -0.000000e+00), %vector.ph19 ], [ %42, %vector.body22 ]
  %sunkaddr148 = mul i64 %index23, 8
  %sunkaddr149 = getelementptr i8, ptr %arg.p.4, i64 %sunkaddr148
  %wide.load32 = load <4 x double>, ptr %sunkaddr149, align 8
  %sunkaddr150 = mul i64 %index23, 8
  %sunkaddr151 = getelementptr i8, ptr %arg.p.4, i64 %sunkaddr150
  %sunkaddr152 = getelementptr i8, ptr %sunkaddr151, i64 32
  %wide.load33 = load <4 x double>, ptr %sunkaddr152, align 8
  %sunkaddr153 = mul i64 %index23, 8
  %sunkaddr154 = getelementptr i8, ptr %arg.l.4, i64 %sunkaddr153
  %wide.load34 = load <4 x double>, ptr %sunkaddr154, align 8
  %sunkaddr155 = mul i64 %index23, 8
  %sunkaddr156 = getelementptr i8, ptr %arg.l.4, i64 %sunkaddr155
  %sunkaddr157 = getelementptr i8, ptr %sunkaddr156, i64 32
  %wide.load35 = load <4 x double>, ptr %sunkaddr157, align 8
  %41 = fadd reassoc contract <4 x double> %vec.phi30, %wide.load32
  %42 = fadd reassoc contract <4 x double> %vec.phi31, %wide.load33
  %43 = fadd reassoc contract <4 x double> %vec.phi28, %wide.load34
  %44 = fadd reassoc contract <4 x double> %vec.phi29, %wide.load35
  %45 = fmul reassoc contract <4 x double> %wide.load32, %wide.load34
  %46 = fmul reassoc contract <4 x double> %wide.load33, %wide.load35
  %47 = fadd reassoc contract <4 x double> %vec.phi26, %45
  %48 = fadd reassoc contract <4 x double> %vec.phi27, %46
  %49 = fcmp reassoc contract olt <4 x double> %wide.load32, zeroinitializer
  %50 = fcmp reassoc contract olt <4 x double> %wide.load33, zeroinitializer
  %51 = fcmp reassoc contract olt <4 x double> %wide.load34, zeroinitializer
  %52 = fcmp reassoc contract olt <4 x double> %wide.load35, zeroinitializer
  %53 = zext <4 x i1> %49 to <4 x i64>
  %54 = zext <4 x i1> %50 to <4 x i64>
  %55 = zext <4 x i1> %51 to <4 x i64>
  %56 = zext <4 x i1> %52 to <4 x i64>
  %57 = add nuw nsw <4 x i64> %55, %53
  %58 = add nuw nsw <4 x i64> %56, %54
  %59 = uitofp nneg <4 x i64> %57 to <4 x double>
  %60 = uitofp nneg <4 x i64> %58 to <4 x double>
  %61 = fadd reassoc contract <4 x double> %vec.phi24, %59
  %62 = fadd reassoc contract <4 x double> %vec.phi25, %60
  %index.next36 = add nuw i64 %index23, 8
  %63 = icmp eq i64 %n.vec21, %index.next36
  br i1 %63, label %middle.block37, label %vector.body22, !llvm.loop !5

middle.block37:                                   ; preds = %vector.body22
  %bin.rdx38 = fadd reassoc contract <4 x double> %62, %61
  %rdx.shuf119 = shufflevector <4 x double> %bin.rdx38, <4 x double> poison, <4 x i32> <i32 2, i32 3, i32 poison, i32 poison>
  %bin.rdx120 = fadd reassoc contract <4 x double> %bin.rdx38, %rdx.shuf119
  %rdx.shuf121 = shufflevector <4 x double> %bin.rdx120, <4 x double> poison, <4 x i32> <i32 1, i32 poison, i32 poison, i32 poison>
  %bin.rdx122 = fadd reassoc contract <4 x double> %bin.rdx120, %rdx.shuf121
  %64 = extractelement <4 x double> %bin.rdx122, i32 0
  %bin.rdx123 = fadd reassoc contract double -0.000000e+00, %64
  %bin.rdx39 = fadd reassoc contract <4 x double> %48, %47
  %rdx.shuf124 = shufflevector <4 x double> %bin.rdx39, <4 x double> poison, <4 x i32> <i32 2, i32 3, i32 poison, i32 poison>
  %bin.rdx125 = fadd reassoc contract <4 x double> %bin.rdx39, %rdx.shuf124
  %rdx.shuf126 = shufflevector <4 x double> %bin.rdx125, <4 x double> poison, <4 x i32> <i32 1, i32 poison, i32 poison, i32 poison>
  %bin.rdx127 = fadd reassoc contract <4 x double> %bin.rdx125, %rdx.shuf126
  %65 = extractelement <4 x double> %bin.rdx127, i32 0
  %bin.rdx128 = fadd reassoc contract double -0.000000e+00, %65
  %bin.rdx40 = fadd reassoc contract <4 x double> %44, %43
  %rdx.shuf129 = shufflevector <4 x double> %bin.rdx40, <4 x double> poison, <4 x i32> <i32 2, i32 3, i32 poison, i32 poison>
  %bin.rdx130 = fadd reassoc contract <4 x double> %bin.rdx40, %rdx.shuf129
  %rdx.shuf131 = shufflevector <4 x double> %bin.rdx130, <4 x double> poison, <4 x i32> <i32 1, i32 poison, i32 poison, i32 poison>
  %bin.rdx132 = fadd reassoc contract <4 x double> %bin.rdx130, %rdx.shuf131
  %66 = extractelement <4 x double> %bin.rdx132, i32 0
  %bin.rdx133 = fadd reassoc contract double -0.000000e+00, %66
  %bin.rdx41 = fadd reassoc contract <4 x double> %42, %41
  %rdx.shuf134 = shufflevector <4 x double> %bin.rdx41, <4 x double> poison, <4 x i32> <i32 2, i32 3, i32 poison, i32 poison>
  %bin.rdx135 = fadd reassoc contract <4 x double> %bin.rdx41, %rdx.shuf134
  %rdx.shuf136 = shufflevector <4 x double> %bin.rdx135, <4 x double> poison, <4 x i32> <i32 1, i32 poison, i32 poison, i32 poison>
  %bin.rdx137 = fadd reassoc contract <4 x double> %bin.rdx135, %rdx.shuf136
  %67 = extractelement <4 x double> %bin.rdx137, i32 0
  %bin.rdx138 = fadd reassoc contract double -0.000000e+00, %67
  %cmp.n42 = icmp eq i64 %arg.p.2, %n.vec21
  br i1 %cmp.n42, label %B332, label %B228.preheader48

B228.preheader48:                                 ; preds = %B228.preheader, %middle.block37
  %bad.4.1209.ph = phi double [ 0.000000e+00, %B228.preheader ], [ %bin.rdx123, %middle.block37 ]
  %sw.4.1208.ph = phi double [ 0.000000e+00, %B228.preheader ], [ %bin.rdx128, %middle.block37 ]
  %sl.4.1207.ph = phi double [ 0.000000e+00, %B228.preheader ], [ %bin.rdx133, %middle.block37 ]
  %sp.4.1206.ph = phi double [ 0.000000e+00, %B228.preheader ], [ %bin.rdx138, %middle.block37 ]
  %.465202204.ph = phi i64 [ 0, %B228.preheader ], [ %n.vec21, %middle.block37 ]
  br label %B228
}

define ptr @_ZN7cpython4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb(ptr readnone captures(none) %py_closure, ptr %py_args, ptr readnone captures(none) %py_kws) local_unnamed_addr {
entry:
  %.5 = alloca ptr, align 8
  %.6 = alloca ptr, align 8
  %.7 = alloca ptr, align 8
  %.8 = call i32 (ptr, ptr, i64, i64, ...) @PyArg_UnpackTuple(ptr %py_args, ptr nonnull @.const._weighted_sums, i64 3, i64 3, ptr nonnull %.5, ptr nonnull %.6, ptr nonnull %.7)
  %.9 = icmp eq i32 %.8, 0
  %.21 = alloca { ptr, ptr, i64, i64, ptr, [1 x i64], [1 x i64] }, align 8
  %.44 = alloca { ptr, ptr, i64, i64, ptr, [1 x i64], [1 x i64] }, align 8
  %.75 = alloca [4 x double], align 8
  br i1 %.9, label %common.ret, label %entry.endif, !prof !6

common.ret:                                       ; preds = %entry.endif.endif.endif.thread, %arg0.err, %entry, %entry.endif.endif.endif.endif.endif.endif.endif, %entry.endif.if
  %common.ret.op = phi ptr [ null, %arg0.err ], [ null, %entry ], [ null, %entry.endif.if ], [ null, %entry.endif.endif.endif.thread ], [ %.106, %entry.endif.endif.endif.endif.endif.endif.endif ]
  ret ptr %common.ret.op

entry.endif:                                      ; preds = %entry
  %.13 = load ptr, ptr @_ZN08NumbaEnv4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb, align 8
  %.16 = icmp eq ptr %.13, null
  br i1 %.16, label %entry.endif.if, label %entry.endif.endif, !prof !6

entry.endif.if:                                   ; preds = %entry.endif
  call void @PyErr_SetString(ptr nonnull @PyExc_RuntimeError, ptr nonnull @".const.missing Environment: _ZN08NumbaEnv4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb")
  br label %common.ret

entry.endif.endif:                                ; preds = %entry.endif
  %.20 = load ptr, ptr %.5, align 8
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(56) %.21, i8 0, i64 56, i1 false)
  %.25 = call i32 @NRT_adapt_ndarray_from_python(ptr %.20, ptr nonnull %.21)
  %sunkaddr = getelementptr inbounds i8, ptr %.21, i64 24
  %.29 = load i64, ptr %sunkaddr, align 8
  %.30 = icmp ne i64 %.29, 8
  %.31 = icmp ne i32 %.25, 0
  %.32 = or i1 %.31, %.30
  br i1 %.32, label %entry.endif.endif.endif.thread, label %entry.endif.endif.endif.endif, !prof !6

entry.endif.endif.endif.thread:                   ; preds = %entry.endif.endif
  call void @PyErr_SetString(ptr nonnull @PyExc_TypeError, ptr nonnull @".const.can't unbox array from PyObject into native value.  The object maybe of a different type")
  br label %common.ret

entry.endif.endif.endif.endif:                    ; preds = %entry.endif.endif
  %.36.fca.0.load = load ptr, ptr %.21, align 8
  %sunkaddr1 = getelementptr inbounds i8, ptr %.21, i64 16
  %.36.fca.2.load = load i64, ptr %sunkaddr1, align 8
  %sunkaddr2 = getelementptr inbounds i8, ptr %.21, i64 32
  %.36.fca.4.load = load ptr, ptr %sunkaddr2, align 8
  %.43 = load ptr, ptr %.6, align 8
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(56) %.44, i8 0, i64 56, i1 false)
  %.48 = call i32 @NRT_adapt_ndarray_from_python(ptr %.43, ptr nonnull %.44)
  %sunkaddr3 = getelementptr inbounds i8, ptr %.44, i64 24
  %.52 = load i64, ptr %sunkaddr3, align 8
  %.53 = icmp ne i64 %.52, 8
  %.54 = icmp ne i32 %.48, 0
  %.55 = or i1 %.54, %.53
  br i1 %.55, label %entry.endif.endif.endif.endif.endif.thread, label %entry.endif.endif.endif.endif.endif.endif, !prof !6

arg0.err:                                         ; preds = %entry.endif.endif.endif.endif.endif.thread, %arg1.err
  call void @NRT_decref(ptr %.36.fca.0.load)
  br label %common.ret

entry.endif.endif.endif.endif.endif.thread:       ; preds = %entry.endif.endif.endif.endif
  call void @PyErr_SetString(ptr nonnull @PyExc_TypeError, ptr nonnull @".const.can't unbox array from PyObject into native value.  The object maybe of a different type")
  br label %arg0.err

entry.endif.endif.endif.endif.endif.endif:        ; preds = %entry.endif.endif.endif.endif
  %.59.fca.0.load = load ptr, ptr %.44, align 8
  %sunkaddr4 = getelementptr inbounds i8, ptr %.44, i64 32
  %.59.fca.4.load = load ptr, ptr %sunkaddr4, align 8
  %.66 = load ptr, ptr %.7, align 8
  %.67 = call i32 @PyObject_IsTrue(ptr %.66)
  %.69 = call ptr @PyErr_Occurred()
  %.70.not = icmp eq ptr %.69, null
  br i1 %.70.not, label %entry.endif.endif.endif.endif.endif.endif.endif, label %arg1.err, !prof !7

arg1.err:                                         ; preds = %entry.endif.endif.endif.endif.endif.endif
  call void @NRT_decref(ptr %.59.fca.0.load)
  br label %arg0.err

entry.endif.endif.endif.endif.endif.endif.endif:  ; preds = %entry.endif.endif.endif.endif.endif.endif
  %.68 = icmp ne i32 %.67, 0
  %.74 = call ptr @PyEval_SaveThread()
  %.83 = zext i1 %.68 to i8
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(32) %.75, i8 0, i64 32, i1 false)
  %.84 = call i32 @_ZN4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb(ptr nonnull %.75, ptr nonnull poison, ptr %.36.fca.0.load, ptr poison, i64 %.36.fca.2.load, i64 poison, ptr %.36.fca.4.load, i64 poison, i64 poison, ptr %.59.fca.0.load, ptr poison, i64 poison, i64 poison, ptr %.59.fca.4.load, i64 poison, i64 poison, i8 %.83) #2
  %.94.fca.0.load = load double, ptr %.75, align 8
  %sunkaddr5 = getelementptr inbounds i8, ptr %.75, i64 8
  %.94.fca.1.load = load double, ptr %sunkaddr5, align 8
  %sunkaddr6 = getelementptr inbounds i8, ptr %.75, i64 16
  %.94.fca.2.load = load double, ptr %sunkaddr6, align 8
  %sunkaddr7 = getelementptr inbounds i8, ptr %.75, i64 24
  %.94.fca.3.load = load double, ptr %sunkaddr7, align 8
  call void @PyEval_RestoreThread(ptr %.74)
  call void @NRT_decref(ptr %.36.fca.0.load)
  call void @NRT_decref(ptr %.59.fca.0.load)
  %.106 = call ptr @PyTuple_New(i64 4)
  %.108 = call ptr @PyFloat_FromDouble(double %.94.fca.0.load)
  %.109 = call i32 @PyTuple_SetItem(ptr %.106, i64 0, ptr %.108)
  %.111 = call ptr @PyFloat_FromDouble(double %.94.fca.1.load)
  %.112 = call i32 @PyTuple_SetItem(ptr %.106, i64 1, ptr %.111)
  %.114 = call ptr @PyFloat_FromDouble(double %.94.fca.2.load)
  %.115 = call i32 @PyTuple_SetItem(ptr %.106, i64 2, ptr %.114)
  %.117 = call ptr @PyFloat_FromDouble(double %.94.fca.3.load)
  %.118 = call i32 @PyTuple_SetItem(ptr %.106, i64 3, ptr %.117)
  br label %common.ret
}

declare i32 @PyArg_UnpackTuple(ptr, ptr, i64, i64, ...) local_unnamed_addr

declare void @PyErr_SetString(ptr, ptr) local_unnamed_addr

; Function Attrs: mustprogress nocallback nofree nounwind willreturn memory(argmem: write)
declare void @llvm.memset.p0.i64(ptr writeonly captures(none), i8, i64, i1 immarg) #0

declare i32 @NRT_adapt_ndarray_from_python(ptr captures(none), ptr captures(none)) local_unnamed_addr

declare i32 @PyObject_IsTrue(ptr) local_unnamed_addr

declare ptr @PyErr_Occurred() local_unnamed_addr

declare ptr @PyEval_SaveThread() local_unnamed_addr

declare void @PyEval_RestoreThread(ptr) local_unnamed_addr

declare ptr @PyTuple_New(i64) local_unnamed_addr

declare ptr @PyFloat_FromDouble(double) local_unnamed_addr

declare i32 @PyTuple_SetItem(ptr, i64, ptr) local_unnamed_addr

define [4 x double] @cfunc._ZN4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb({ ptr, ptr, i64, i64, ptr, [1 x i64], [1 x i64] } %.1, { ptr, ptr, i64, i64, ptr, [1 x i64], [1 x i64] } %.2, i1 %.3) local_unnamed_addr {
entry:
  %.5 = alloca [4 x double], align 8
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(32) %.5, i8 0, i64 32, i1 false)
  %extracted.meminfo = extractvalue { ptr, ptr, i64, i64, ptr, [1 x i64], [1 x i64] } %.1, 0
  %extracted.nitems = extractvalue { ptr, ptr, i64, i64, ptr, [1 x i64], [1 x i64] } %.1, 2
  %extracted.data = extractvalue { ptr, ptr, i64, i64, ptr, [1 x i64], [1 x i64] } %.1, 4
  %extracted.meminfo.1 = extractvalue { ptr, ptr, i64, i64, ptr, [1 x i64], [1 x i64] } %.2, 0
  %extracted.data.1 = extractvalue { ptr, ptr, i64, i64, ptr, [1 x i64], [1 x i64] } %.2, 4
  %.13 = zext i1 %.3 to i8
  %.14 = call i32 @_ZN4sevr6search5bayes14_weighted_sumsB2v1B88c8tJTIeFIjxB2IKSgI4CrvQClYb5wBbdC9Xqyfl5JUWJySXqOgrqRcBUU5yfrF6rCQzUIphmpNQEFtEEAA_3d_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedEb(ptr nonnull %.5, ptr nonnull poison, ptr %extracted.meminfo, ptr poison, i64 %extracted.nitems, i64 poison, ptr %extracted.data, i64 poison, i64 poison, ptr %extracted.meminfo.1, ptr poison, i64 poison, i64 poison, ptr %extracted.data.1, i64 poison, i64 poison, i8 %.13) #2
  %.24.fca.0.load = load double, ptr %.5, align 8
  %.24.fca.0.insert = insertvalue [4 x double] poison, double %.24.fca.0.load, 0
  %.fca.1.gep = getelementptr inbounds nuw i8, ptr %.5, i64 8
  %.24.fca.1.load = load double, ptr %.fca.1.gep, align 8
  %.24.fca.1.insert = insertvalue [4 x double] %.24.fca.0.insert, double %.24.fca.1.load, 1
  %.fca.2.gep = getelementptr inbounds nuw i8, ptr %.5, i64 16
  %.24.fca.2.load = load double, ptr %.fca.2.gep, align 8
  %.24.fca.2.insert = insertvalue [4 x double] %.24.fca.1.insert, double %.24.fca.2.load, 2
  %.fca.3.gep = getelementptr inbounds nuw i8, ptr %.5, i64 24
  %.24.fca.3.load = load double, ptr %.fca.3.gep, align 8
  %.24.fca.3.insert = insertvalue [4 x double] %.24.fca.2.insert, double %.24.fca.3.load, 3
  ret [4 x double] %.24.fca.3.insert
}

; Function Attrs: mustprogress nofree noinline norecurse nounwind willreturn memory(argmem: readwrite)
define linkonce_odr void @NRT_incref(ptr captures(address_is_null) %.1) local_unnamed_addr #1 {
.3:
  %.4 = icmp eq ptr %.1, null
  br i1 %.4, label %common.ret, label %.3.endif, !prof !6

common.ret:                                       ; preds = %.3.endif, %.3
  ret void

.3.endif:                                         ; preds = %.3
  %.4.i = atomicrmw add ptr %.1, i64 1 monotonic, align 8
  br label %common.ret
}

; Function Attrs: noinline
define linkonce_odr void @NRT_decref(ptr %.1) local_unnamed_addr #2 {
.3:
  %.4 = icmp eq ptr %.1, null
  br i1 %.4, label %common.ret1, label %.3.endif, !prof !6

common.ret1:                                      ; preds = %.3, %.3.endif
  ret void

.3.endif:                                         ; preds = %.3
  fence release
  %0 = tail call i8 @llvm.x86.atomic.sub.cc.i64(ptr nonnull %.1, i64 1, i32 4)
  %1 = trunc i8 %0 to i1
  br i1 %1, label %.3.endif.if, label %common.ret1, !prof !6

.3.endif.if:                                      ; preds = %.3.endif
  fence acquire
  tail call void @NRT_MemInfo_call_dtor(ptr nonnull %.1)
  ret void
}

; Function Attrs: nounwind
declare i8 @llvm.x86.atomic.sub.cc.i64(ptr, i64, i32 immarg) #3

declare void @NRT_MemInfo_call_dtor(ptr) local_unnamed_addr

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare double @llvm.vector.reduce.fadd.v4f64(double, <4 x double>) #4

attributes #0 = { mustprogress nocallback nofree nounwind willreturn memory(argmem: write) }
attributes #1 = { mustprogress nofree noinline norecurse nounwind willreturn memory(argmem: readwrite) }
attributes #2 = { noinline }
attributes #3 = { nounwind }
attributes #4 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }

!0 = distinct !{!0, !1, !2}
!1 = !{!"llvm.loop.unroll.runtime.disable"}
!2 = !{!"llvm.loop.isvectorized", i32 1}
!3 = distinct !{!3, !1, !2}
!4 = distinct !{!4, !2, !1}
!5 = distinct !{!5, !2, !1}
!6 = !{!"branch_weights", i32 1, i32 99}
!7 = !{!"branch_weights", i32 99, i32 1}
