"""Writers for everything rmentor produces. Each returns bytes; :func:`rmentor.fileio.write_outputs`
puts them on disk atomically."""
