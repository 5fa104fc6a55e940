"""The pages of the service card: the clerks' card pages (cards), the partner network
(partners), and the pages of the people outside the federation — the merchant's counter,
the member's e-card and the public directory (outside)."""
