"""Stage `write`: files into a staging folder, swapped in whole; the output folder's
guard and lock."""
