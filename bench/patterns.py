#!/usr/bin/env python3
"""Writes the benchmarks' 10,000 gazetteer patterns to the file argv[1]
(bench/search.sh, bench/pgsuggest.sh)."""
# 10,000 gazetteer phrases, as a real gazetteer is: the corpus' 14 names
# (tagged already where the generator put them, so mostly nothing new) and
# 9,986 other names of one to three words, which the matcher must look up.
import random, sys
random.seed(7)
names = [("PERSON", "Mohammed Dahlan"), ("PERSON", "Angela Merkel"), ("ORG", "Gulf News"),
         ("ORG", "Middle East News Agency"), ("ORG", "United Nations"), ("GPE", "Cairo"),
         ("LOC", "Gaza Strip"), ("GPE", "Zürich"), ("GPE", "東京"), ("EVENT", "the Hajj"),
         ("PERSON", "José Ramos-Horta"), ("PERSON", "Abdel Fattah Al Sissi"), ("NUMBER", "16"),
         ("DATE", "Thursday, October 26, 2017")]
syl = ["ka", "lo", "mi", "ra", "to", "be", "su", "na", "vi", "do", "ye", "zu"]
def word():
    return "".join(random.choice(syl) for _ in range(random.randint(2, 4))).capitalize()
labels = ["PERSON", "ORG", "GPE", "EVENT"]
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for label, phrase in names:
        out.write(f"{label}\t{phrase}\n")
    for i in range(10000 - len(names)):
        out.write(f"{labels[i % 4]}\t{' '.join(word() for _ in range(random.randint(1, 3)))}\n")
