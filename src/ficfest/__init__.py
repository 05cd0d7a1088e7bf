"""ficfest: a self-hosted archive for fan-fiction prompt communities."""
