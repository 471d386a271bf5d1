"""`python -m kiosk`: the `kiosk` command, for a checkout without the installed script."""

from kiosk.cli import main

raise SystemExit(main())
