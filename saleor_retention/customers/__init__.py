"""What the app knows about a store's customers, and erasing it."""
