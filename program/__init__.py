"""What the Pulumi program (`__main__.py`) needs besides the four domains, shared with `orgctl`
so that both judge a blueprint the same way and the program imports no command-line code."""
