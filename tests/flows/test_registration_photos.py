"""Photos: none is stored and forgotten, and a producer can review, remove and replace them
by number from a phone."""

from __future__ import annotations

from flows.engine import Outcome, advance, prompt_for
from flows.messages import StoredPhoto, UserMessage
from flows.registration import MAX_PHOTOS, REGISTRATION
from storage.admin_units_source import load_admin_units
from tests.flows.transcript import Replayer, complete_answers, env_for, form_at, photo_sha

UNITS = load_admin_units("2020")


def _photo(name: str) -> UserMessage:
    return UserMessage(photos=(StoredPhoto(photo_sha(name), 800, 600),))


def _at(step: str, photos: list[str]) -> Outcome:
    """Nothing sent yet: the form waiting at `step` with these photos."""
    form = form_at(step, {**complete_answers(UNITS), "photos": [photo_sha(p) for p in photos]})
    return Outcome(form, (prompt_for(REGISTRATION, form, env_for(UNITS)),), ())


def _send(out: Outcome, event: UserMessage | str) -> Outcome:
    assert out.form is not None
    message = UserMessage(text=event) if isinstance(event, str) else event
    return advance(REGISTRATION, out.form, message, env_for(UNITS))


def _said(out: Outcome) -> str:
    return "\n".join(r.text for r in out.replies)


def _photos(out: Outcome) -> list[str]:
    assert out.form is not None
    return list(out.form.data.get("photos", []))


def test_a_photo_sent_at_the_summary_is_added_and_said() -> None:
    out = _send(_at("summary", ["a"]), _photo("b"))
    assert out.form is not None and out.form.step == "summary"
    assert _photos(out) == [photo_sha("a"), photo_sha("b")]
    assert "✅ Đã giữ ảnh này cho phần ảnh sản phẩm (2/5)" in _said(out)
    assert "Ảnh sản phẩm: 2 ảnh" in out.replies[-1].text  # the summary again, counting it


def test_a_photo_beyond_the_limit_at_the_summary_is_refused_with_the_way_to_replace() -> None:
    full = [str(i) for i in range(MAX_PHOTOS)]
    out = _send(_at("summary", full), _photo("extra"))
    assert len(_photos(out)) == MAX_PHOTOS and photo_sha("extra") not in _photos(out)
    assert f"Đã đủ {MAX_PHOTOS} ảnh nên ảnh này chưa được thêm" in _said(out)
    assert '"Sửa", rồi "Ảnh sản phẩm"' in _said(out)


def test_a_photo_sent_early_is_kept_for_the_photos_step() -> None:
    out = _send(_at("product_name", []), _photo("early"))
    assert out.form is not None and out.form.step == "product_name"
    assert _photos(out) == [photo_sha("early")]
    assert "Tên sản phẩm" in out.replies[-1].text  # the same question again


def test_the_reply_to_a_photo_lists_the_options_the_step_reads() -> None:
    out = _send(_at("photos", []), _photo("a"))
    assert out.form is not None
    prompt = prompt_for(REGISTRATION, out.form, env_for(UNITS))
    assert [o.label for o in out.replies[-1].options] == [o.label for o in prompt.options]
    assert [o.label for o in prompt.options] == ["Xong", "Xem lại các ảnh", "Xóa hết, gửi ảnh khác"]


def test_remove_one_photo_by_its_number() -> None:
    start = _at("photos", ["a", "b", "c"])
    for typed in ("xóa ảnh 2", "xoa 2", "bỏ ảnh số 2"):
        out = _send(start, typed)
        assert _photos(out) == [photo_sha("a"), photo_sha("c")], typed
        assert "✅ Đã bỏ ảnh 2. Còn 2 ảnh." in _said(out)
    out = _send(start, "xóa 7")
    assert len(_photos(out)) == 3 and "Không có ảnh số 7: hiện có 3 ảnh." in _said(out)


def test_remove_all_by_number_or_words_then_send_new_ones() -> None:
    for typed in ("3", "xóa hết", "làm lại ảnh"):
        out = _send(_at("photos", ["a", "b"]), typed)
        assert _photos(out) == [], typed
        assert "Anh/chị gửi từ 1 đến 5 ảnh" in out.replies[-1].text
    out = _send(out, _photo("new"))
    assert _photos(out) == [photo_sha("new")]


def test_review_the_photos_sends_each_one_numbered() -> None:
    out = _send(_at("photos", ["a", "b"]), "2")
    shown = [r for r in out.replies if r.photo]
    assert [r.photo for r in shown] == [photo_sha("a"), photo_sha("b")]
    assert [r.text for r in shown] == ["Ảnh 1/2", "Ảnh 2/2"]
    assert out.form is not None and out.form.step == "photos"


def test_replace_the_photos_from_the_summary_by_numbers_only() -> None:
    """A whole round on Zalo, where every choice is a typed number."""
    replayer = Replayer(UNITS)
    for line in ("/start", "1", "Nguyễn Thị Hoa", "4", "0912 345 678", "5", "2", "Mật ong"):
        replayer.turn(line)
    for line in ("1", "Mật ong nguyên chất", "2", "2 tấn", "150k/kg", "1"):
        replayer.turn(line)
    replayer.turn("[photo:old-1]")
    replayer.turn("[photo:old-2]")
    summary = "\n".join(replayer.turn("1"))  # 1. Xong
    assert "Ảnh sản phẩm: 2 ảnh" in summary
    assert "sửa mục nào" in "\n".join(replayer.turn("2"))  # 2. Sửa -> which item?
    photos_step = "\n".join(replayer.turn("13"))  # 13. Ảnh sản phẩm
    assert "Đã có 2/5 ảnh" in photos_step, photos_step
    replayer.turn("3")  # 3. Xóa hết
    replayer.turn("[photo:new]")
    summary = "\n".join(replayer.turn("1"))  # 1. Xong: back to the summary
    assert "Ảnh sản phẩm: 1 ảnh" in summary and "Giá bán lẻ: 150.000 đ/kg" in summary
    done = replayer.turn("1")  # 1. Gửi đăng ký
    assert any("✅ Đã gửi đăng ký" in line for line in done)
    [submitted] = replayer.submitted
    assert submitted.photos == (photo_sha("new"),) == submitted.answers.photos
