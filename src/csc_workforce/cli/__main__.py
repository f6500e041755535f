from csc_workforce.cli import main

main()
