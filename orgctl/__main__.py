import gc

from orgctl.cli import main

exit_code = main()
# The process ends here: spare the interpreter's final collection a scan of every object the
# plan left behind (0.3-0.9 s of a prod plan's wall time, measured).
gc.freeze()
raise SystemExit(exit_code)
