"""Points (积分) and daily passphrases (红包口令): residents with an account earn points for what the site
can verify, by editable rules with daily caps (``services``)."""
