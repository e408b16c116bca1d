public enum BCSimulatorModule {}
