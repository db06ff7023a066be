"""The base test case: named people for every role, like healthchecks' hc/test.py.

- office: the city OCOP office
- officer: commune officer of Bát Tràng
- producer: acts for `self.bat_trang_coop` (in Bát Tràng)
- other_producer: acts for `self.van_phuc_silk` (in Hà Đông)
- secretary, member: council roles; operator: showroom operator; nobody: no role
"""

from django.test import Client, TestCase

from ocop.accounts.models import Role, User
from ocop.places.models import Commune, Province
from ocop.registry.models import Producer, ProducerKind, Product, ProductCategory

PASSWORD = "correct-horse-battery-staple"


class EnglishClient(Client):
    """A browser that asks for English pages (the platform defaults to Vietnamese)."""

    def __init__(self, *args: object, **defaults: object) -> None:
        defaults.setdefault("HTTP_ACCEPT_LANGUAGE", "en")
        super().__init__(*args, **defaults)  # type: ignore[arg-type]


class BaseTestCase(TestCase):
    client_class = EnglishClient
    hanoi: Province
    bat_trang: Commune
    ha_dong: Commune
    ceramics: ProductCategory
    bat_trang_coop: Producer
    van_phuc_silk: Producer
    vase: Product
    scarf: Product
    office: User
    officer: User
    producer: User
    other_producer: User
    secretary: User
    member: User
    operator: User
    nobody: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.hanoi = Province.objects.get(pk=1)
        cls.bat_trang = Commune.objects.get(province=cls.hanoi, name="Xã Bát Tràng")
        cls.ha_dong = Commune.objects.get(province=cls.hanoi, name="Phường Hà Đông")
        cls.ceramics = ProductCategory.objects.get(taxonomy__code="148/2023", code="4.2")
        cls.bat_trang_coop = Producer.objects.create(
            kind=ProducerKind.COOPERATIVE,
            name="Hợp tác xã gốm sứ Bát Tràng",
            tax_code="0101234567",
            commune=cls.bat_trang,
        )
        cls.van_phuc_silk = Producer.objects.create(
            kind=ProducerKind.ENTERPRISE,
            name="Công ty TNHH lụa Vạn Phúc",
            tax_code="0107654321",
            commune=cls.ha_dong,
        )
        cls.vase = Product.objects.create(
            name="Bình gốm men rạn",
            producer=cls.bat_trang_coop,
            category=cls.ceramics,
            province_of_origin=cls.hanoi,
        )
        cls.scarf = Product.objects.create(
            name="Khăn lụa tơ tằm",
            producer=cls.van_phuc_silk,
            category=ProductCategory.objects.get(taxonomy__code="148/2023", code="4.1"),
            province_of_origin=cls.hanoi,
        )
        cls.office = cls.make_user("office", Role.OFFICE)
        cls.officer = cls.make_user("officer", Role.OFFICER)
        cls.officer.communes.add(cls.bat_trang)
        cls.producer = cls.make_user("producer", Role.PRODUCER, producer=cls.bat_trang_coop)
        cls.other_producer = cls.make_user("other", Role.PRODUCER, producer=cls.van_phuc_silk)
        cls.secretary = cls.make_user("secretary", Role.SECRETARY)
        cls.member = cls.make_user("member", Role.MEMBER)
        cls.operator = cls.make_user("operator", Role.OPERATOR)
        cls.nobody = cls.make_user("nobody", "")

    @classmethod
    def make_user(cls, username: str, role: str, **fields: object) -> User:
        user = User(username=username, role=role, email=f"{username}@example.org", **fields)
        user.set_password(PASSWORD)
        user.save()
        return user

    def login(self, user: User) -> None:
        self.client.force_login(user)
