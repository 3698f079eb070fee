"""`orgctl review`: the live organization as the quarterly access review managers sign."""
