import RelayCLI
print("payment-relay: not yet implemented")
