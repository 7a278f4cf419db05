"""The expected end of a prison term (vigil/model/term.py), worked out by hand from Article 72 of
the Criminal Code and checked against published reports of release and parole dates."""
from __future__ import annotations

import datetime as dt
from fractions import Fraction

from vigil.model.records import CustodyPeriod, Term
from vigil.model.term import add_months, excluding_article, term_end

D = dt.date


def test_strict_regime_counts_detention_one_for_one():
    # Held from 10 May 2024 without a break; 1 year in a strict-regime colony, in force
    # 1 August 2024: the 83 days before count as 83, the term ends the day before the
    # arrest's anniversary.
    end = term_end(Term("strict", D(2024, 8, 1), years=1), [CustodyPeriod("detention", D(2024, 5, 10))], [])
    assert (end.detention_days, end.credit_days, end.rate) == (83, 83, 1)
    assert end.ends_on == D(2025, 5, 9)


def test_general_regime_counts_a_day_of_detention_as_one_and_a_half():
    # Igor Strelkov (Girkin), held from 21 July 2023 (ziare.com, July 2023: "arestat"),
    # sentenced on 25 January 2024 to 4 years in a general-regime colony under Article
    # 280(2), which part 3.2 does not name. Mash (mash.ru/news/185404) and BFM
    # (bfm.ru/news/542832) reported that day that the detention was counted one day for one
    # and a half and that of the 4 years he would serve 3 years and 83 days. By hand: 188
    # days held before the verdict count as 282; 4 years from 25 January 2024 less 282
    # days leave 1,179 days: 3 years (1,096 days) and 83.
    end = term_end(Term("general", D(2024, 1, 25), years=4), [CustodyPeriod("detention", D(2023, 7, 21))],
                   ["280(2)"])
    assert (end.detention_days, end.credit_days, end.rate) == (188, 282, Fraction(3, 2))
    release = end.ends_on + dt.timedelta(days=1)
    assert release == add_months(D(2024, 1, 25), 36) + dt.timedelta(days=83)
    assert end.ends_on == D(2027, 4, 17)


def test_part_3_2_keeps_one_for_one_for_the_articles_it_names():
    # Evgenia Berkovich and Svetlana Petriychuk, held from 4 May 2023 (newsru.co.il,
    # 19 Aug 2025), sentenced under Article 205.2(2) to 6 years in a general-regime colony,
    # cut on appeal on 25 December 2024 to 5 years 7 months and 5 years 10 months
    # (Interfax, 19 Aug 2025). Reports of December 2024 (relayed by provencedaily.com) said
    # Berkovich may ask for parole, after three quarters of her term, in July 2027, and
    # Petriychuk in September 2027: only with one day of detention for one day (at one and
    # a half, the 601 days held would have brought both dates forward to 2026).
    held = [CustodyPeriod("detention", D(2023, 5, 4))]
    berkovich = term_end(Term("general", D(2024, 12, 25), months=67), held, ["205.2(2)"])
    petriychuk = term_end(Term("general", D(2024, 12, 25), months=70), held, ["205.2(2)"])
    assert (berkovich.rate, berkovich.excluded_by) == (1, "205.2(2)")
    assert berkovich.counted_from == D(2023, 5, 4)
    assert berkovich.ends_on == D(2028, 12, 3)
    assert petriychuk.ends_on == D(2029, 3, 3)
    # three quarters: 50.25 months and 52.5 months after the arrest
    assert add_months(berkovich.counted_from, 50) + dt.timedelta(days=8) < D(2027, 8, 1)
    assert D(2027, 9, 1) <= add_months(petriychuk.counted_from, 52) + dt.timedelta(days=15) < D(2027, 10, 1)



def test_a_general_regime_term_in_force_on_appeal_credits_the_detention_after_the_verdict():
    # Grigory Melkonyants, held from 17 August 2023, 5 years in a general-regime colony
    # under Article 284.1(3), in force on appeal on 15 December 2025 (Vedomosti, 15 Dec
    # 2025). RBC reported that day that, counting a day for one and a half, he had served
    # "almost 3.5 years". By hand: 851 days held count as 1,276 (3 years and 180 days).
    melkonyants = term_end(Term("general", D(2025, 12, 15), years=5), [CustodyPeriod("detention", D(2023, 8, 17))],
                           ["284.1(3)"])
    assert (melkonyants.detention_days, melkonyants.credit_days) == (851, 1276)
    assert melkonyants.counted_from == D(2022, 6, 18)
    assert 3 * 365 < melkonyants.credit_days < 3.5 * 365                # "almost 3.5 years"
    assert melkonyants.ends_on == D(2027, 6, 17)
    # Igor Baryshnikov, free under travel restrictions until the verdict of 22 June 2023,
    # held from then; 7 years 6 months in a general-regime colony under Article 207.3, in
    # force on appeal on 21 November 2023 (Novy Kaliningrad): 152 days count as 228.
    baryshnikov = term_end(Term("general", D(2023, 11, 21), years=7, months=6),
                           [CustodyPeriod("detention", D(2023, 6, 22)), CustodyPeriod("prison", D(2023, 11, 21))],
                           ["207.3(1)", "207.3(2)"])
    assert (baryshnikov.detention_days, baryshnikov.credit_days) == (152, 228)
    assert baryshnikov.ends_on == D(2030, 10, 6)


def test_a_gap_between_two_arrests_is_not_credited():
    # Yuri Dmitriev: held from 13 December 2016 to 27 January 2018, and again from
    # 27 June 2018; 15 years in a strict-regime colony, in force on 15 March 2022 (Novaya
    # Gazeta Europe, 10 May 2022). The 151 days he was free move the start of the 15 years
    # from his first arrest to 13 May 2017, so the term ends on 12 May 2032, not on
    # 12 December 2031.
    held = [CustodyPeriod("detention", D(2016, 12, 13), until=D(2018, 1, 27)),
            CustodyPeriod("detention", D(2018, 6, 27)), CustodyPeriod("prison", D(2020, 9, 29)),
            CustodyPeriod("prison", D(2022, 3, 15))]
    dmitriev = term_end(Term("strict", D(2022, 3, 15), years=15), held, ["132(4)"])
    assert (dmitriev.detention_days, dmitriev.rate) == (410 + 1357, 1)
    assert dmitriev.ends_on == D(2032, 5, 12)


def test_house_arrest_counts_two_days_for_one():
    # By hand (part 3.4): 100 days of house arrest, then 50 days of detention, 3 years in a
    # general-regime colony in force on 1 June 2024: 100 / 2 + 50 * 1.5 = 125 days.
    held = [CustodyPeriod("house-arrest", D(2024, 1, 23)), CustodyPeriod("detention", D(2024, 5, 2))]
    end = term_end(Term("general", D(2024, 6, 21), years=3), held, ["207.3(2)"])
    assert (end.house_arrest_days, end.detention_days, end.credit_days) == (100, 50, 125)
    assert end.counted_from == D(2024, 2, 17)
    assert end.ends_on == D(2027, 2, 16)


def test_part_3_2_changes_nothing_where_the_regime_counts_one_for_one_already():
    end = term_end(Term("strict", D(2022, 12, 7), years=22), [CustodyPeriod("detention", D(2020, 7, 7))], ["275"])
    assert (end.rate, end.excluded_by, end.credit_days) == (1, None, 883)
    assert end.ends_on == D(2042, 7, 6)                 # held from 7 July 2020: 22 years less a day


def test_a_half_day_of_credit_is_rounded_down():
    end = term_end(Term("general", D(2024, 1, 4), years=1), [CustodyPeriod("detention", D(2024, 1, 1))], [])
    assert (end.detention_days, end.credit_days) == (3, 4)        # 4.5 days


def test_a_rate_the_verdict_states_comes_first():
    held = [CustodyPeriod("detention", D(2024, 1, 1))]
    end = term_end(Term("general", D(2024, 1, 11), years=1, credit="one-for-one"), held, [])
    assert (end.credit_days, end.excluded_by) == (10, None)


def test_the_term_starts_where_the_court_set_it():
    held = [CustodyPeriod("detention", D(2024, 1, 1))]
    end = term_end(Term("strict", D(2024, 3, 1), years=1, starts=D(2024, 2, 1)), held, [])
    assert end.detention_days == 31 and end.ends_on == D(2024, 12, 31)


def test_a_life_sentence_has_no_end():
    assert term_end(Term("special", D(2007, 8, 6), life=True), [CustodyPeriod("detention", D(2003, 6, 19))], []) is None


def test_which_articles_part_3_2_names():
    assert excluding_article(["205.2(2)"]) == "205.2(2)"
    assert excluding_article(["206(3)"]) == "206(3)"
    assert excluding_article(["206(1)", "207.3(2)"]) is None
    assert excluding_article(["211(4)", "275"]) == "211(4)"
    assert excluding_article(["275"]) == "275"
    assert excluding_article(["2051", "280.3(1)"]) is None


def test_adding_months_keeps_the_day_or_the_months_last():
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2023, 5, 4), 67) == D(2028, 12, 4)
