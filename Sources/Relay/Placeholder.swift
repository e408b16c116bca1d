public enum RelayModule {}
