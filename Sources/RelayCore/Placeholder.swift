public enum RelayCoreModule {}
