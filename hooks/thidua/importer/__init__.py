"""Turn a received decree file into a record: extract → parse → resolve issuer → write."""
