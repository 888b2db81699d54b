"""Review pages of the website: write, edit and delete one's reviews, report and vote on others'."""
