from clausekit.cli.main import main

raise SystemExit(main())
