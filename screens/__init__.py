"""The app's screens: home, the sections of a postmortem, dialogs and help."""
