"""Census returns: uploads with their validation reports, accepted versions, worker rows, measures."""
