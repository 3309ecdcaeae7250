from sevr.cli import main

main()
