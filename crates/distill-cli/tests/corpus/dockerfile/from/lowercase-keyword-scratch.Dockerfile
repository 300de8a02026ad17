from scratch as empty
