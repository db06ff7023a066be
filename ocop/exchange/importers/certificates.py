"""Historical evaluation results and certificates: one row per certificate, naming its product,
producer and recognition decision. Unknown producers and products are created; decisions are
matched on number and date; certificates on their code."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.certification.models import Certificate, Decision, expiry_for
from ocop.evaluation.models import Era
from ocop.exchange import actions as exchange_actions
from ocop.exchange import cells
from ocop.exchange.importers.base import (
    Column,
    Context,
    ImportType,
    Row,
    compare_and_save,
)
from ocop.exchange.importers.producers import (
    COMMUNE,
    LEGACY_DISTRICT,
    PROVINCE,
    parse_kind,
    parse_place,
)
from ocop.exchange.importers.products import (
    CATEGORY,
    PRODUCER_NAME,
    PRODUCER_TAX_CODE,
    PRODUCT_NAME,
    TAXONOMY,
    find_producer_by_code,
    find_product,
    parse_category,
    producer_key_from,
    product_key,
)
from ocop.registry import actions as registry_actions
from ocop.registry.models import Producer, Product


def parse_stars(value: Any) -> int | None:
    raw = cells.text(value).replace("★", "").replace("sao", "").replace("stars", "").strip()
    stars = cells.whole_number(raw)
    if stars is not None and not 3 <= stars <= 5:
        raise ValidationError(_("Only 3★, 4★ and 5★ products are certified."))
    return stars


class CertificateImport(ImportType):
    key = "certificates"
    key_column = "code"
    label = gettext_lazy("Evaluation results and certificates")
    columns = [
        Column(
            "code",
            "Mã giấy chứng nhận",
            "Certificate code",
            "HN-2020-0001",
            True,
            ("Mã chứng nhận", "Code"),
        ),
        PRODUCER_TAX_CODE,
        PRODUCER_NAME,
        Column("producer_kind", "Loại hình", "Type", "Hợp tác xã", False, ("Producer type",)),
        PROVINCE,
        COMMUNE,
        LEGACY_DISTRICT,
        PRODUCT_NAME,
        CATEGORY,
        TAXONOMY,
        Column("decision_number", "Số quyết định", "Decision number", "1234/QĐ-UBND", True),
        Column("decision_date", "Ngày quyết định", "Decision date", "25/12/2020", True),
        Column("signer", "Người ký", "Signed by", "Phó Chủ tịch UBND Thành phố"),
        Column("era", "Mã giai đoạn", "Era code", "", False, ("Giai đoạn", "Era")),
        Column("stars", "Số sao", "Stars", 4, True, ("Hạng sao", "Star class")),
        Column("potential_five", "Tiềm năng 5 sao", "Potential 5 stars", "không"),
        Column("score", "Điểm", "Score", "78,50", False, ("Điểm đánh giá",)),
        Column("issued_on", "Ngày cấp", "Valid from", "25/12/2020", False, ("Hiệu lực từ",)),
        Column("expires_on", "Ngày hết hạn", "Valid until", "25/12/2023", False, ("Hiệu lực đến",)),
    ]
    field_columns = {
        "product": "product_name",
        "decision": "decision_number",
        "issued_on": "issued_on",
        "expires_on": "expires_on",
        "stars": "stars",
        "score": "score",
        "__all__": "code",
    }

    def parse_row(self, row: Row, ctx: Context) -> dict[str, Any]:
        decision_date = row.get("decision_date", cells.date, required=True)
        values: dict[str, Any] = {
            "code": row.get("code", required=True),
            "stars": row.get("stars", parse_stars, required=True),
            "potential_five": row.get("potential_five", cells.boolean),
            "score": row.get("score", cells.decimal),
            "issued_on": row.get("issued_on", cells.date) or decision_date,
            "expires_on": row.get("expires_on", cells.date)
            or (expiry_for(decision_date) if decision_date else None),
        }
        product = self._product(row, ctx)
        decision = self._decision(row, ctx, decision_date)
        return {**values, "product": product, "decision": decision}

    def _product(self, row: Row, ctx: Context) -> Product | None:
        code = row.get("producer_tax_code", required=True)
        name = row.get("name", required=True)
        if not code or not name:
            return None
        producer = find_producer_by_code(ctx, code)
        if producer is None:
            producer = self._new_producer(row, ctx, code)
        product = find_product(ctx, producer, name) if producer else None
        if product is None and producer is not None:
            category = parse_category(row, ctx, required=True)
            product = Product(
                producer=producer,
                name=name,
                category=category,
                province_of_origin=producer.commune.province if producer.commune_id else None,
            )
            ctx.planned[product_key(producer, name)] = product
        return product

    def _new_producer(self, row: Row, ctx: Context, code: str) -> Producer | None:
        """A producer not yet in the registry, created from the row's producer columns."""
        key = producer_key_from(code)
        name = row.get("producer_name")
        kind = row.get("producer_kind", parse_kind)
        place = parse_place(row, ctx)
        if not name or not kind:
            row.fail(
                "producer_tax_code",
                _(
                    "No producer has the tax code “%(code)s”: fill in the producer's name, "
                    "type and commune to register it, or import the producers first."
                )
                % {"code": code},
            )
            return None
        producer = Producer(name=name, kind=kind, **place)
        if key[0] == "tax":
            producer.tax_code = key[1]
        else:
            producer.business_registration_no = key[1]
        ctx.planned[key] = producer
        return producer

    def _decision(self, row: Row, ctx: Context, date: datetime.date | None) -> Decision | None:
        number = row.get("decision_number", required=True)
        era = self._era(row, ctx, date)
        if not number or not date or era is None:
            return None
        key = ("decision", number, date)
        if key not in ctx.planned:
            stored = Decision.objects.filter(number=number, date=date).first()
            ctx.planned[key] = stored or Decision(
                number=number, date=date, signer=row.get("signer"), era=era
            )
        return ctx.planned[key]  # type: ignore[return-value]

    def _era(self, row: Row, ctx: Context, date: datetime.date | None) -> Era | None:
        code = row.get("era")
        eras = Era.objects.filter(code=code) if code else Era.objects.none()
        if not code and date:
            eras = Era.objects.filter(valid_from__lte=date).filter(
                Q(valid_until__isnull=True) | Q(valid_until__gt=date)
            )
        era = eras.first()
        if era is None and (code or date):
            known = ", ".join(Era.objects.values_list("code", flat=True)) or "—"
            row.fail(
                "era",
                _("No rules era matches “%(value)s”. Known era codes: %(codes)s.")
                % {"value": code or date, "codes": known},
            )
        return era

    def natural_key(self, parsed: dict[str, Any]) -> tuple:
        return ("certificate", parsed["code"])

    def upsert(self, parsed: dict[str, Any], ctx: Context) -> str:
        product, decision = parsed["product"], parsed["decision"]
        stored = Certificate.objects.filter(code=parsed["code"]).first()
        if stored is not None and product.pk != stored.product_id:
            raise ValidationError(
                {
                    "product": _("This certificate code belongs to another product: %(name)s.")
                    % {"name": stored.product}
                }
            )
        exclude: tuple[str, ...] = ()
        if ctx.write:
            self._save_parents(ctx, product, decision)
        else:
            self._check_parents(product, decision)
            exclude = tuple(f for f in ("product", "decision") if parsed[f].pk is None)
        outcome, _obj = compare_and_save(
            ctx=ctx,
            model=Certificate,
            stored=stored,
            values=parsed,
            create=exchange_actions.certificate_import,
            update=exchange_actions.certificate_import_update,
            param="certificate",
            exclude=exclude,
        )
        return outcome

    def _save_parents(self, ctx: Context, product: Product, decision: Decision) -> None:
        if product.producer.pk is None:
            registry_actions.producer_create(actor=ctx.actor, producer=product.producer)
        if product.pk is None:
            # Assigning again copies the producer's new id (the action validates before saving).
            product.producer = product.producer
            registry_actions.product_create(actor=ctx.actor, product=product)
        if decision.pk is None:
            exchange_actions.decision_import(actor=ctx.actor, decision=decision)

    def _check_parents(self, product: Product, decision: Decision) -> None:
        if product.producer.pk is None:
            product.producer.full_clean()
        if product.pk is None:
            product.full_clean(exclude=["producer"] if product.producer.pk is None else [])
        if decision.pk is None:
            decision.full_clean(validate_unique=False)
