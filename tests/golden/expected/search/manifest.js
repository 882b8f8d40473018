window.SITE_SEARCH_MANIFEST=JSON.parse("{\"lang\":\"fr\",\"shards\":1,\"documents\":8,\"themes\":[[\"cyber\",\"Cybersécurité\"],[\"energy\",\"Énergie\"],[\"gitex\",\"GITEX\"]]}");
