"""Images and their like: photos and their renditions, the placeholder, share cards and their
drawing, PNG, QR codes, charts, and the fonts the cards are drawn with."""
