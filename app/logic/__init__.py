"""Pure logic shared by the screens, the CLI and exports: no Textual, no database."""
