"""Vietnamese names for the benchmark data: the demo's craft villages and word lists for Hanoi,
and generic specialties (with their 148/2023 product group) for the other 33 provinces."""

import random

from ocop.registry.demo import (
    BRAND_WORDS,
    OTHER_PROVINCES,
    UNITS,
    VARIANTS,
    VILLAGES,
    Village,
    person,
    producer_name,
)

__all__ = [
    "BRAND_WORDS",
    "GENERIC",
    "OTHER_PROVINCES",
    "UNITS",
    "VARIANTS",
    "VILLAGES",
    "Village",
    "person",
    "place_word",
    "producer_name",
    "product_name",
]

# (name stem, product group code in taxonomy 148/2023, trade word for producer names)
GENERIC: list[tuple[str, str, str]] = [
    ("Gạo thơm", "1.2.a", "lúa gạo"),
    ("Gạo lứt đỏ", "1.2.a", "lúa gạo"),
    ("Mật ong rừng", "1.2.b", "nuôi ong"),
    ("Miến dong", "1.3.b", "làm miến"),
    ("Bánh đa nem", "1.3.b", "làm bánh"),
    ("Bánh chưng", "1.3.b", "làm bánh"),
    ("Mứt gừng", "1.3.c", "nông sản"),
    ("Hạt điều rang muối", "1.3.c", "nông sản"),
    ("Chuối sấy dẻo", "1.3.c", "nông sản"),
    ("Khô bò", "1.3.d", "chế biến thực phẩm"),
    ("Chả cá", "1.3.d", "chế biến thủy sản"),
    ("Lạp xưởng", "1.3.d", "chế biến thực phẩm"),
    ("Nước mắm cá cơm", "1.4", "nước mắm"),
    ("Tương ớt", "1.4", "gia vị"),
    ("Muối tôm", "1.4", "gia vị"),
    ("Chè xanh", "1.5", "chè"),
    ("Trà shan tuyết", "1.5", "chè"),
    ("Cà phê rang xay", "1.6", "cà phê"),
    ("Ca cao nguyên chất", "1.6", "ca cao"),
    ("Bưởi da xanh", "1.1.a", "trồng bưởi"),
    ("Cam sành", "1.1.a", "trồng cam"),
    ("Vải thiều", "1.1.a", "trồng vải"),
    ("Xoài cát", "1.1.a", "trồng xoài"),
    ("Gà đồi", "1.1.b", "chăn nuôi"),
    ("Trứng vịt muối", "1.1.b", "chăn nuôi"),
    ("Rượu nếp cẩm", "2.1", "nấu rượu"),
    ("Rượu ngô men lá", "2.1", "nấu rượu"),
    ("Nước cốt gừng", "2.2", "đồ uống"),
    ("Nước ép chanh leo", "2.2", "đồ uống"),
    ("Cao atiso", "3.1", "dược liệu"),
    ("Trà túi lọc dược liệu", "3.1", "dược liệu"),
    ("Xà phòng thảo dược", "3.2", "dược liệu"),
    ("Tinh dầu sả chanh", "3.3", "tinh dầu"),
    ("Tinh dầu quế", "3.3", "tinh dầu"),
    ("Thổ cẩm dệt tay", "4.1", "dệt thổ cẩm"),
    ("Áo chàm", "4.1", "nhuộm chàm"),
    ("Tranh tre", "4.2", "mây tre"),
    ("Đèn lồng", "4.2", "làm đèn lồng"),
    ("Giỏ mây tre đan", "4.3", "mây tre đan"),
    ("Chiếu cói", "4.3", "dệt chiếu"),
    ("Lan hồ điệp", "5.1", "trồng hoa"),
    ("Đào cảnh", "5.1", "trồng hoa"),
    ("Bonsai sanh", "5.2", "cây cảnh"),
    ("Cá chép Koi", "5.3", "cá cảnh"),
    ("Du lịch cộng đồng bản", "6.1", "du lịch"),
    ("Homestay sinh thái", "6.1", "du lịch"),
]

TYPE_WORDS = ("Xã ", "Phường ", "Đặc khu ")


def place_word(commune_name: str) -> str:
    """ "Xã Bát Tràng" -> "Bát Tràng": the name as used in product and producer names."""
    for word in TYPE_WORDS:
        if commune_name.startswith(word):
            return commune_name.removeprefix(word)
    return commune_name


def product_name(rng: random.Random, stem: str, place: str, taken: set[str]) -> str:
    """A product name unique among `taken` (one producer's names), e.g. "Chè xanh Tân Cương"."""
    name = f"{stem} {place}".strip()
    while name in taken:
        name = f"{stem} {place} {rng.choice(VARIANTS)} {rng.randint(2, 999)}".strip()
    taken.add(name)
    return name
