import sys

from gonghui.cli import main

sys.exit(main())
