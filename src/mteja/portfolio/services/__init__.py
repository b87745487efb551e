"""Every write of the portfolio: products, savings accounts, loans and their commands."""
