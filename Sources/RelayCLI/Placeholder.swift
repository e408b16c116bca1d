public enum RelayCLIModule {}
