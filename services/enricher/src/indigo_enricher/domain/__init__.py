"""The enricher's domain: rule-based extraction of denim attributes from listing text."""
