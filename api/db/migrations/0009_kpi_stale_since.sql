-- Summaries can go stale without new receipts: an erasure unlinks a customer's receipts, so card
-- share and card-holder counts change while the receipts' count and highest id stay the same.
-- Whatever changes them that way marks the row; a refresh clears the mark in its transaction.
alter table kpi_refresh add column stale_since timestamptz;
