"""Sign-in, first start, the lock screen, idle lock, the session guard, and changing one's password."""
