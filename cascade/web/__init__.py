"""The HTML side of Cascade that is not a document: the live preview server (`cascade pratinjau`) and
the static site of the whole Pemda (`cascade situs`). The pages themselves are rendered by
cascade/documents/situs/ (pure functions); this package serves, watches and writes them."""
