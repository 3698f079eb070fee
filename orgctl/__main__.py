from orgctl.cli import main

raise SystemExit(main())
