"""Run the command line with ``python -m ecograph`` (the same as the ``ecograph`` script)."""

from ecograph.cli import main

if __name__ == "__main__":
    main()
