from bot.nlu.knowledge_ranker import rerank


def r(name, conf):
    return {"name": name, "confidence": conf}


def test_search_evidence_lifts_the_right_topic():
    ranking = [r("ask_permit_fees", 0.5), r("ask_seasonal_work", 0.3), r("greet", 0.2)]
    new = rerank(ranking, {"seasonal_work": 0.9}, weight=3.0, keep_above=0.5)
    assert new[0]["name"] == "ask_seasonal_work"
    assert 0 < new[0]["confidence"] <= 1


def test_confident_dialogue_act_is_kept():
    ranking = [r("out_of_scope", 0.8), r("ask_housing", 0.1)]
    assert rerank(ranking, {"housing": 1.0}, weight=3.0, keep_above=0.5) == ranking


def test_no_search_evidence_lowers_confidence_towards_fallback():
    ranking = [r("ask_housing", 0.6), r("ask_taxation", 0.2)]
    new = rerank(ranking, {}, weight=3.0, keep_above=0.5)
    assert new[0]["name"] == "ask_housing" and new[0]["confidence"] == 0.15


def test_topics_found_only_by_search_enter_the_ranking():
    new = rerank([r("ask_housing", 0.4), r("greet", 0.3)], {"taxation": 1.0}, weight=3.0, keep_above=0.5)
    assert new[0]["name"] == "ask_taxation" and len(new) == 2
