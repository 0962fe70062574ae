from credscore.cli import main
import sys

sys.exit(main())
