"""Sales points, pure: consumers ask where to buy (by district, commune or a location, page by
page), officers add and remove points in their own area; a genuine stamp check says where."""

from __future__ import annotations

import datetime as dt

import pytest

from flows.authorization import RecordRefusal
from flows.conversation import Conversation, Response, respond
from flows.effects import StampChecked, StampCheckResult
from flows.engine import Env
from flows.geo import PROVINCE_BOUNDS, distance_km, format_distance, parse_coordinates
from flows.messages import Reply, UserMessage
from flows.officer_effects import ActionRefused
from flows.principal import Principal, RoleGrant
from flows.sales_point_effects import (
    AddSalesPoint,
    FindProducts,
    FindSalesPoints,
    LoadManagedPoints,
    PointQuery,
    PointView,
    ProductMatch,
    ProductsFound,
    RemoveSalesPoint,
    SalesPointAdded,
    SalesPointRemoved,
    SalesPointsFound,
)
from flows.sales_point_search import PAGE_SIZE, match_products, select_points, split_products
from flows.verification import answer
from storage.admin_units_source import load_admin_units

NOW = dt.datetime(2026, 3, 2, 2, 30, tzinfo=dt.UTC)
CONSUMER = Principal(3, "console", "c")
COMMUNE_AN_PHU = Principal(4, "console", "x", (RoleGrant("commune", "18316"),))
DISTRICT_VU_QUANG = Principal(5, "console", "h", (RoleGrant("district", "441"),))
PROVINCE = Principal(6, "console", "t", (RoleGrant("province"),))
HA_TINH_CITY = (18.3436, 105.9057)
VU_QUANG = (18.3390, 105.4300)


def _env(principal: Principal = CONSUMER, structure: str = "2020") -> Env:
    return Env(lang="vi", now=NOW, units=load_admin_units(structure), principal=principal)


class Chat:
    """One person's conversation, fed message by message (and effect results)."""

    def __init__(self, env: Env) -> None:
        self.env = env
        self.conv = Conversation()
        self.last = Response(self.conv, ())

    def send(self, event: object) -> Response:
        self.last = respond(self.conv, event, self.env)
        self.conv = self.last.conversation
        return self.last

    def say(self, text: str) -> Response:
        command = arg = None
        if text.startswith("/"):
            command, _, rest = text[1:].partition(" ")
            arg = rest or None
        return self.send(UserMessage(text=text, command=command, command_arg=arg))

    @property
    def text(self) -> str:
        return "\n".join(r.text for r in self.last.replies)

    @property
    def effects(self) -> tuple[object, ...]:
        return self.last.effects


def _point(n: int, commune: str = "18316", district: str | None = "441", **kw: object) -> PointView:
    fields: dict[str, object] = {
        "id": n,
        "name": f"Điểm bán số {n}",
        "address": f"{n} đường Trần Phú",
        "commune_code": commune,
        "district_code": district,
        "phone": "+84912345678",
        "hours": "7:00–21:00",
        "products": ((7, "Mật ong rừng Vũ Quang"),),
    }
    fields.update(kw)
    return PointView(**fields)  # type: ignore[arg-type]


def _labels(replies: tuple[Reply, ...]) -> list[str]:
    return [o.label for r in replies for o in r.options]


# --- the pure parts -----------------------------------------------------------------------


def test_distances_and_coordinates() -> None:
    assert distance_km((0.0, 0.0), (0.0, 1.0)) == pytest.approx(111.195, abs=0.01)
    assert distance_km(HA_TINH_CITY, VU_QUANG) == pytest.approx(50.2, abs=0.1)
    assert parse_coordinates("18.3436, 105.9057") == HA_TINH_CITY
    assert parse_coordinates("18,3436 105,9057") == HA_TINH_CITY
    assert parse_coordinates("(18.3436; 105.9057)") == HA_TINH_CITY
    assert parse_coordinates("18 105") is None  # no decimals: not a place
    assert parse_coordinates("vu quang") is None
    assert parse_coordinates("91.0, 105.0") is None
    assert PROVINCE_BOUNDS.contains(HA_TINH_CITY)
    assert not PROVINCE_BOUNDS.contains((105.9057, 18.3436))  # swapped
    assert format_distance(0.349) == "350 m"
    assert format_distance(2.44) == "2,4 km"
    assert format_distance(37.2) == "37 km"


def test_points_are_filtered_ordered_by_distance_and_paged() -> None:
    near_city = _point(1, "18070", "436", location=(18.34, 105.90), name="B gần thành phố")
    in_vu_quang = _point(2, location=VU_QUANG, name="A ở Vũ Quang")
    nowhere = _point(3, name="C chưa có vị trí", products=())
    points = [in_vu_quang, nowhere, near_city]

    by_name, total, page = select_points(points, PointQuery("2020"))
    assert [p.id for p in by_name] == [2, 1, 3] and total == 3 and page == 0
    nearest, _, _ = select_points(points, PointQuery("2020", near=HA_TINH_CITY))
    assert [p.id for p in nearest] == [1, 2, 3]  # without a location: last
    assert nearest[0].distance_km is not None and nearest[0].distance_km < 1
    assert nearest[2].distance_km is None
    in_district, total, _ = select_points(points, PointQuery("2020", district="441"))
    assert {p.id for p in in_district} == {2, 3} and total == 2
    selling, _, _ = select_points(points, PointQuery("2020", product_id=7))
    assert {p.id for p in selling} == {1, 2}

    many = [_point(n) for n in range(1, 13)]
    last, total, page = select_points(many, PointQuery("2020", page=9))
    assert total == 12 and page == 2 and len(last) == 12 - 2 * PAGE_SIZE


def test_products_are_found_by_number_or_by_name_as_typed() -> None:
    products = [
        ProductMatch(7, "Mật ong rừng Vũ Quang", "HTX Ân Phú"),
        ProductMatch(8, "Mật ong bạc hà", "HTX Hương Sơn"),
        ProductMatch(12, "Cam Khe Mây", "HTX Hương Khê"),
    ]
    assert [p.id for p in match_products(products, "12")] == [12]
    assert [p.id for p in match_products(products, "#7")] == [7]
    assert [p.id for p in match_products(products, "số 8")] == [8]
    assert match_products(products, "99") == ()
    assert [p.id for p in match_products(products, "cam khe may")] == [12]
    assert [p.id for p in match_products(products, "mat ong")] == [7, 8]
    assert [p.id for p in match_products(products, "mật ong rừng")] == [7]
    assert match_products(products, "nước mắm") == ()
    assert split_products("12, 15; mật ong") == ("12", "15", "mật ong")
    assert split_products("12 15 #16") == ("12", "15", "#16")
    assert split_products("mật ong rừng") == ("mật ong rừng",)


# --- where to buy -------------------------------------------------------------------------


def test_everyone_sees_where_to_buy_and_only_officers_manage() -> None:
    chat = Chat(_env())
    chat.say("/start")
    labels = _labels(chat.last.replies)
    assert "Mua sản phẩm OCOP ở đâu" in labels
    assert "Quản lý điểm bán OCOP" not in labels
    officer = Chat(_env(COMMUNE_AN_PHU))
    officer.say("/start")
    assert "Quản lý điểm bán OCOP" in _labels(officer.last.replies)
    chat.say("/quanlydiemban")
    assert "Quản lý" not in chat.text and "cần một vai trò cán bộ" in chat.text
    assert chat.effects == (RecordRefusal("entry.sales_manage", "AUTH_FOR_OFFICERS"),)


def test_a_district_typed_without_diacritics_then_the_place_is_chosen_by_number() -> None:
    chat = Chat(_env())
    chat.say("/start")
    chat.say(str(_labels(chat.last.replies).index("Mua sản phẩm OCOP ở đâu") + 1))
    assert "tìm điểm bán sản phẩm OCOP ở đâu" in chat.text
    assert "huyện hoặc xã" in chat.text

    chat.say("vu quang")  # the district, and the town of that name
    assert "Huyện Vũ Quang" in _labels(chat.last.replies)
    assert "Thị trấn Vũ Quang (Huyện Vũ Quang)" in _labels(chat.last.replies)
    chat.say("1")
    assert chat.effects == (FindSalesPoints(PointQuery("2020", district="441")),)

    chat.send(SalesPointsFound((_point(1), _point(2)), 2, 0))
    text = chat.text
    assert "Điểm bán sản phẩm OCOP ở Huyện Vũ Quang: 2 điểm." in text
    assert "1. Điểm bán số 1" in text and "2. Điểm bán số 2" in text
    assert "Địa chỉ: 1 đường Trần Phú, Xã Ân Phú, Huyện Vũ Quang" in text
    assert "Điện thoại: 0912 345 678 · Mở cửa: 7:00–21:00" in text
    assert "Có bán: Mật ong rừng Vũ Quang" in text
    assert chat.conv.form is None  # all of it on one page: done, the menu follows


def test_many_points_are_paged_and_a_shared_location_orders_them() -> None:
    chat = Chat(_env())
    chat.say("/muaodau")
    chat.say("an phu")
    assert chat.effects == (FindSalesPoints(PointQuery("2020", commune="18316")),)
    chat.send(SalesPointsFound(tuple(_point(n) for n in range(1, 6)), 7, 0))
    assert "7 điểm. (trang 1/2)" in chat.text
    assert "Trang sau" in _labels(chat.last.replies)
    assert "Gửi vị trí" in chat.text

    chat.say("tiếp")
    assert chat.effects == (FindSalesPoints(PointQuery("2020", commune="18316", page=1)),)
    chat.send(SalesPointsFound((_point(6), _point(7)), 7, 1))
    assert "(trang 2/2)" in chat.text and "6. Điểm bán số 6" in chat.text
    assert "Trang trước" in _labels(chat.last.replies)

    chat.send(UserMessage(location=HA_TINH_CITY))
    assert chat.effects == (FindSalesPoints(PointQuery("2020", near=HA_TINH_CITY)),)
    nearest = tuple(_point(n, distance_km=0.35 * n) for n in range(1, 6))
    chat.send(SalesPointsFound(nearest, 9, 0))
    assert "gần anh/chị nhất trước" in chat.text
    assert "1. Điểm bán số 1 (cách 350 m)" in chat.text

    chat.say("18.34, 105.9")  # pasted coordinates, where a location cannot be shared
    assert chat.effects == (FindSalesPoints(PointQuery("2020", near=(18.34, 105.9))),)
    chat.say("xong")
    assert chat.conv.form is None


def test_nothing_there_asks_again_and_an_unknown_place_says_so() -> None:
    chat = Chat(_env())
    chat.say("/noiban")
    chat.say("sai gon")
    assert "chưa tìm thấy nơi nào tên “sai gon”" in chat.text
    chat.say("son tay")
    chat.send(SalesPointsFound((), 0, 0))
    assert "Chưa có điểm bán sản phẩm OCOP nào ở Xã Sơn Tây (Huyện Hương Sơn)." in chat.text
    assert "ở đâu?" in chat.text  # asked again
    chat.say("1")  # every point in the province
    assert chat.effects == (FindSalesPoints(PointQuery("2020")),)


def test_under_the_2025_structure_communes_only() -> None:
    chat = Chat(_env(structure="2025"))
    chat.say("/noiban")
    assert "xã hoặc phường" in chat.text and "huyện" not in chat.text
    chat.say("thanh sen")
    assert chat.effects == (FindSalesPoints(PointQuery("2025", commune="18073")),)
    chat.send(SalesPointsFound((_point(1, "18073", None),), 1, 0))
    assert "Địa chỉ: 1 đường Trần Phú, Phường Thành Sen" in chat.text


def test_the_points_selling_one_product_by_command_or_button() -> None:
    chat = Chat(_env())
    chat.say("/noiban 7")
    assert chat.effects == (FindSalesPoints(PointQuery("2020", product_id=7)),)
    chat.send(SalesPointsFound((_point(1),), 1, 0, "Mật ong rừng Vũ Quang"))
    assert "Điểm bán sản phẩm OCOP có bán Mật ong rừng Vũ Quang ở Tỉnh Hà Tĩnh" in chat.text

    chat.send(UserMessage(choice="sales:7:where"))
    assert chat.effects == (FindSalesPoints(PointQuery("2020", product_id=7)),)
    chat.send(SalesPointsFound((), 0, 0, "Mật ong rừng Vũ Quang"))
    assert "Chưa có điểm bán nào ghi nhận có bán Mật ong rừng Vũ Quang" in chat.text
    assert chat.conv.form is None

    chat.say("/noiban 99")
    chat.send(SalesPointsFound((), 0, 0, None))
    assert "Không có sản phẩm OCOP nào mang số 99" in chat.text
    chat.send(UserMessage(choice="sales:abc:where"))
    assert "thuộc một tin nhắn cũ" in chat.text and chat.effects == ()


def test_many_points_for_a_product_keep_it_when_a_location_comes() -> None:
    chat = Chat(_env())
    chat.say("/noiban 7")
    chat.send(SalesPointsFound(tuple(_point(n) for n in range(1, 6)), 6, 0, "Mật ong"))
    chat.send(UserMessage(location=VU_QUANG))
    assert chat.effects == (FindSalesPoints(PointQuery("2020", product_id=7, near=VU_QUANG)),)


def test_a_genuine_stamp_check_says_where_to_buy_the_product() -> None:
    genuine = StampCheckResult(
        "genuine", serial="0009-2X4K", product="Mật ong", stars=4, product_id=7, checks=1
    )
    expired = StampCheckResult("expired", serial="0009-2X4K", product="Mật ong", product_id=7)
    replies = answer(StampChecked((genuine, expired)), _env())
    assert "Nơi bán sản phẩm này: gõ /noiban 7" in replies[0].text
    assert "/noiban" not in replies[1].text


# --- officers -----------------------------------------------------------------------------


def _add_until_products(chat: Chat, commune: str = "an phu") -> None:
    chat.say("/quanlydiemban")
    assert chat.effects == (LoadManagedPoints("2020", 0),)
    chat.send(SalesPointsFound((), 0, 0))
    assert "chưa có điểm bán OCOP nào" in chat.text
    chat.say("1")  # add
    assert "Tên điểm bán" in chat.text and "Bước 1/8" in chat.text
    chat.say("Cửa hàng OCOP Ân Phú")
    chat.say("Thôn Trung Hòa")
    chat.say(commune)


def test_a_commune_officer_adds_a_point_in_their_commune() -> None:
    chat = Chat(_env(COMMUNE_AN_PHU))
    _add_until_products(chat)
    assert "Số điện thoại" in chat.text
    chat.say("091234567")  # one digit short
    assert "chưa đúng" in chat.text
    chat.say("0912.345.678")
    chat.say("7h - 21h hằng ngày")
    assert "Gửi vị trí" in chat.text
    chat.say("105.43, 18.339")  # swapped: no latitude is over 90
    assert "chưa đọc được vị trí" in chat.text
    chat.say("21.0285, 105.8542")  # Hà Nội
    assert "nằm ngoài Tỉnh Hà Tĩnh" in chat.text
    chat.send(UserMessage(location=VU_QUANG))
    assert "mã số hoặc tên sản phẩm" in chat.text
    chat.say("7, mat ong, 99")
    assert chat.effects == (FindProducts(("7", "mat ong", "99")),)
    chat.send(
        ProductsFound(
            (
                ("7", (ProductMatch(7, "Mật ong rừng Vũ Quang", "HTX Ân Phú"),)),
                (
                    "mat ong",
                    (
                        ProductMatch(7, "Mật ong rừng Vũ Quang", "HTX Ân Phú"),
                        ProductMatch(8, "Mật ong bạc hà", "HTX Hương Sơn"),
                    ),
                ),
                ("99", ()),
            )
        )
    )
    assert "“mat ong” khớp với mấy sản phẩm: #7 Mật ong rừng Vũ Quang (HTX Ân Phú)" in chat.text
    assert "Không thấy sản phẩm OCOP còn hiệu lực nào ứng với “99”" in chat.text
    assert "Đã chọn 1 sản phẩm: #7 Mật ong rừng Vũ Quang." in chat.text
    chat.say("xong")
    summary = chat.text
    assert "• Địa chỉ: Thôn Trung Hòa, Xã Ân Phú, Huyện Vũ Quang" in summary
    assert "• Điện thoại: 0912 345 678" in summary
    assert "• Vị trí: 18.33900, 105.43000" in summary
    chat.say("1")
    (effect,) = chat.effects
    assert isinstance(effect, AddSalesPoint)
    point = effect.point
    assert (point.name, point.commune_code, point.district_code) == (
        "Cửa hàng OCOP Ân Phú",
        "18316",
        "441",
    )
    assert (point.phone, point.hours, point.location) == (
        "+84912345678",
        "7h - 21h hằng ngày",
        VU_QUANG,
    )
    assert point.product_ids == (7,)
    chat.send(SalesPointAdded(12))
    assert "Đã lưu điểm bán “Cửa hàng OCOP Ân Phú” (số 12)" in chat.text
    assert chat.conv.form is None


def test_an_officer_may_not_add_outside_their_area() -> None:
    chat = Chat(_env(COMMUNE_AN_PHU))
    _add_until_products(chat, commune="son tay")
    assert "không thuộc địa bàn anh/chị phụ trách" in chat.text
    district = Chat(_env(DISTRICT_VU_QUANG))
    _add_until_products(district, commune="vu quang")  # only the town: the district's own
    assert "Số điện thoại" in district.text
    province = Chat(_env(PROVINCE))
    _add_until_products(province, commune="thach ha")
    assert "Xã Thạch Hạ (Thành phố Hà Tĩnh)" in _labels(province.last.replies)
    province.say("2")
    assert "Số điện thoại" in province.text


def test_the_handler_refusing_is_said_plainly() -> None:
    chat = Chat(_env(COMMUNE_AN_PHU))
    _add_until_products(chat)
    for answer_ in ("0912345678", "8:00-17:00", "bỏ qua", "xong"):
        chat.say(answer_)
    assert "• Vị trí: chưa có" in chat.text and "• Sản phẩm: chưa ghi" in chat.text
    chat.say("lưu")
    assert isinstance(chat.effects[0], AddSalesPoint)
    chat.send(ActionRefused("AUTH_OUTSIDE_AREA"))
    assert chat.conv.form is None
    assert chat.last.replies[0].text.startswith(chat.env.t("AUTH_OUTSIDE_AREA"))


def test_an_officer_removes_a_point_after_saying_yes() -> None:
    chat = Chat(_env(DISTRICT_VU_QUANG))
    chat.say("/quanlydiemban")
    chat.send(SalesPointsFound((_point(4), _point(9)), 2, 0))
    assert "Điểm bán OCOP trong địa bàn của anh/chị: 2 điểm." in chat.text
    assert "Xóa một điểm bán" in _labels(chat.last.replies)
    chat.say("xoa")
    chat.say("2")
    assert "Xóa điểm bán “Điểm bán số 9”?" in chat.text
    chat.say("không")
    assert "2 điểm" in chat.text  # back at the list
    chat.say("2")
    chat.say("2")
    chat.say("có")
    assert chat.effects == (RemoveSalesPoint(9),)
    chat.send(SalesPointRemoved(9, "Điểm bán số 9"))
    assert "Đã xóa điểm bán “Điểm bán số 9”" in chat.text
    assert chat.conv.form is None
