"""Historical evaluation results and certificates: one row per certificate, naming its product,
producer and recognition decision. Unknown producers and products are created; decisions are
matched on number and date; certificates on their code.

Saved a batch at a time, like the other bulk imports: the products, decisions and
certificates a batch names are read in one query each; new producers, products and decisions
are validated once, when the first row naming them is read; then everything is written with
bulk inserts and one audit event per record, with the names the app's own actions use, and
the catalogue entries of the certified products are refreshed once per batch."""

import datetime
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.audit.actions import Change, diff, record_many, snapshot
from ocop.catalogue.index import refresh_products
from ocop.certification.models import Certificate, Decision, expiry_for
from ocop.evaluation.models import Era
from ocop.exchange import cells
from ocop.exchange.importers.base import (
    NEW,
    UNCHANGED,
    UPDATED,
    Column,
    Context,
    ImportType,
    Item,
    Row,
)
from ocop.exchange.importers.bulk import (
    BATCH_SIZE,
    Plan,
    check_record,
    fail_on,
    field_names,
    refold,
    unique_problems,
    unsaved,
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
    find_producer_id,
    parse_category,
    producer_key_from,
    stored_products,
)
from ocop.registry.models import Producer, Product

# Where the errors of a record created from the row's other columns are shown.
PRODUCER_COLUMNS = {
    "name": "producer_name",
    "kind": "producer_kind",
    "commune": "commune",
    "legacy_district": "legacy_district",
}
PRODUCT_COLUMNS = {"name": "name", "category": "category"}
DECISION_COLUMNS = {"number": "decision_number", "date": "decision_date", "signer": "signer"}


def parse_stars(value: Any) -> int | None:
    raw = cells.text(value).replace("★", "").replace("sao", "").replace("stars", "").strip()
    stars = cells.whole_number(raw)
    if stars is not None and not 3 <= stars <= 5:
        raise ValidationError(_("Only 3★, 4★ and 5★ products are certified."))
    return stars


@dataclass
class Parsed:
    """A row: the certificate's own values, and the records it names. `product` and a stored
    `decision` are found for the whole batch, in `save_batch`."""

    values: dict[str, Any]
    producer: Producer | int  # a producer this import creates, or a stored producer's id
    product_name: str
    decision: Decision  # unsaved: the decision to create unless one is stored
    product: Product | None = field(default=None)


def producer_id_of(producer: Producer | int) -> int | None:
    return producer if isinstance(producer, int) else producer.pk


def product_key(producer: Producer | int, name: str) -> tuple:
    # A producer this dry run would create has no pk yet: the planned object stands for it.
    return ("product", producer_id_of(producer) or id(producer), name)


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
        NON_FIELD_ERRORS: "code",
    }

    # -- reading a row (no query per row: look-ups are cached for the whole import) ----------

    def parse_row(self, row: Row, ctx: Context) -> Parsed | None:
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
        code = row.get("producer_tax_code", required=True)
        name = row.get("name", required=True)
        producer = self._producer(row, ctx, code) if code and name else None
        decision = self._decision(row, ctx, decision_date)
        if producer is None or decision is None:
            return None
        return Parsed(values, producer, name, decision)

    def _producer(self, row: Row, ctx: Context, code: str) -> Producer | int | None:
        for key in (producer_key_from(code), ("brn", code)):
            if key in ctx.planned:
                return ctx.planned[key]  # type: ignore[return-value]
        return find_producer_id(ctx, code) or self._new_producer(row, ctx, code)

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
        if row.errors:
            return None
        producer = Producer(name=name, kind=kind, **place)
        if key[0] == "tax":
            producer.tax_code = key[1]
        else:
            producer.business_registration_no = key[1]
        refold(producer)
        try:
            # Its code was looked up (no stored producer has it), its places were matched.
            check_record(producer, exclude=[f for f, value in place.items() if value is not None])
        except ValidationError as error:
            fail_on(row, error, PRODUCER_COLUMNS, "producer_tax_code")
            return None
        ctx.planned[key] = producer
        return producer

    def _decision(self, row: Row, ctx: Context, date: datetime.date | None) -> Decision | None:
        number = row.get("decision_number", required=True)
        era = self._era(row, ctx, date)
        if not number or not date or era is None:
            return None
        planned = ctx.planned.get(("decision", number, date))
        if planned is not None:
            return planned  # type: ignore[return-value]
        return Decision(number=number, date=date, signer=row.get("signer"), era=era)

    def _era(self, row: Row, ctx: Context, date: datetime.date | None) -> Era | None:
        if ("eras",) not in ctx.cache:
            ctx.cache[("eras",)] = sorted(Era.objects.all(), key=lambda e: (e.valid_from, e.pk))
        eras: list[Era] = ctx.cache[("eras",)]
        code = row.get("era")
        if code:
            found = [e for e in eras if e.code == code]
        elif date:
            found = [
                e
                for e in eras
                if e.valid_from <= date and (e.valid_until is None or e.valid_until > date)
            ]
        else:
            return None
        if not found:
            known = ", ".join(e.code for e in eras) or "—"
            row.fail(
                "era",
                _("No rules era matches “%(value)s”. Known era codes: %(codes)s.")
                % {"value": code or date, "codes": known},
            )
            return None
        return found[0]

    def natural_key(self, parsed: Parsed) -> tuple:
        return ("certificate", parsed.values["code"])

    # -- a batch ---------------------------------------------------------------------------

    def save_batch(self, items: list[Item], ctx: Context) -> None:
        self._find_decisions(items, ctx)
        self._find_products(items, ctx)
        ready = [item for item in items if not item.row.errors]
        certificates = Certificate.objects.select_related("product")
        if ctx.write:
            certificates = certificates.select_for_update(of=("self",))
        stored = {
            c.code: c
            for c in certificates.filter(code__in=[item.values.values["code"] for item in ready])
        }
        plans = []
        for item in ready:
            try:
                plans.append(self._plan(item, stored.get(item.values.values["code"])))
            except ValidationError as error:
                self.fail(item.row, error)
        changed = [plan for plan in plans if plan.outcome != UNCHANGED]
        for plan, clash in unique_problems(Certificate, changed, ctx, skip=("code",)):
            self.fail(plan.item.row, clash)
        for plan in plans:
            plan.item.outcome = plan.outcome
        if any(item.row.errors for item in items):
            ctx.failed = True
        if ctx.write and not ctx.failed:
            self._write(items, changed, ctx)

    def _find_decisions(self, items: list[Item], ctx: Context) -> None:
        """The stored decisions the batch names, in one query; the others are planned."""
        wanted: dict[tuple, Decision] = {}
        for item in items:
            decision = item.values.decision
            key = ("decision", decision.number, decision.date)
            if key not in ctx.planned:
                wanted.setdefault(key, decision)  # the first row naming it describes it
        found = Decision.objects.filter(
            number__in={key[1] for key in wanted}, date__in={key[2] for key in wanted}
        )
        stored = {("decision", d.number, d.date): d for d in found} if wanted else {}
        invalid: dict[tuple, ValidationError] = {}
        for key, decision in wanted.items():
            if key not in stored:
                try:
                    # Matched on number and date above: it is unique.
                    check_record(decision, exclude=["era"])
                except ValidationError as error:
                    invalid[key] = error
                    continue
            ctx.planned[key] = stored.get(key, decision)
        for item in items:
            parsed = item.values
            key = ("decision", parsed.decision.number, parsed.decision.date)
            if key in invalid:
                fail_on(item.row, invalid[key], DECISION_COLUMNS, "decision_number")
            else:
                parsed.decision = ctx.planned[key]

    def _find_products(self, items: list[Item], ctx: Context) -> None:
        """The stored products the batch names, in one query; the others are planned."""
        keys = [product_key(item.values.producer, item.values.product_name) for item in items]
        stored = stored_products(
            (
                key
                for item, key in zip(items, keys, strict=True)
                if key not in ctx.planned and producer_id_of(item.values.producer) is not None
            ),
            lock=ctx.write,
        )
        # The province of each stored producer that gets a new product (its origin).
        ids = {
            item.values.producer
            for item, key in zip(items, keys, strict=True)
            if isinstance(item.values.producer, int)
            and key not in ctx.planned
            and key not in stored
        }
        provinces = dict(
            Producer.objects.filter(pk__in=ids).values_list("pk", "commune__province_id")
            if ids
            else []
        )
        for item, key in zip(items, keys, strict=True):
            product = ctx.planned.get(key) or stored.get(key)
            if product is None and not item.row.errors:
                product = self._new_product(item, ctx, provinces)
                if product is not None:
                    ctx.planned[key] = product
            item.values.product = product

    def _new_product(self, item: Item, ctx: Context, provinces: dict[int, int]) -> Product | None:
        parsed, row = item.values, item.row
        category = parse_category(row, ctx, required=True)
        if category is None:
            return None
        producer = parsed.producer
        product = Product(name=parsed.product_name, category=category)
        if isinstance(producer, int):
            product.producer_id = producer
            # None only if the producer was deleted meanwhile: then a row error, not a crash.
            product.province_of_origin_id = provinces.get(producer)  # type: ignore[assignment]
        else:
            product.producer = producer
            product.province_of_origin_id = producer.commune.province_id
        refold(product)
        found = ["category"] + (["province_of_origin"] if product.province_of_origin_id else [])
        try:
            # Looked up by producer and name: it is unique; a new producer has no id yet.
            check_record(product, exclude=["producer", *found])
        except ValidationError as error:
            fail_on(row, error, PRODUCT_COLUMNS, "name")
            return None
        return product

    def _plan(self, item: Item, stored: Certificate | None) -> Plan:
        parsed: Parsed = item.values
        product, decision = parsed.product, parsed.decision
        assert product is not None  # items without a product have row errors
        if stored is not None and product.pk != stored.product_id:
            raise ValidationError(
                {
                    "product": _("This certificate code belongs to another product: %(name)s.")
                    % {"name": stored.product}
                }
            )
        # Related records were found or planned by the import itself.
        exclude = ["product", "decision"]
        if stored is None:
            obj = Certificate(**parsed.values, product=product, decision=decision)
            check_record(obj, exclude=exclude)
            return Plan(item, obj, NEW, {}, {})
        was = snapshot(stored)
        for name, value in {**parsed.values, "product": product, "decision": decision}.items():
            setattr(stored, name, value)
        if snapshot(stored) == was:
            return Plan(item, stored, UNCHANGED, {}, {})
        check_record(stored, exclude=exclude)
        # The change is recorded once the new records it refers to have their ids.
        return Plan(item, stored, UPDATED, was, {})

    def _write(self, items: list[Item], plans: list[Plan], ctx: Context) -> None:
        producers = unsaved(item.values.producer for item in items)
        products = unsaved(item.values.product for item in items)
        decisions = unsaved(item.values.decision for item in items)
        changes: list[Change] = []
        for model, objs, action in (
            (Producer, producers, "producer.create"),  # as ocop.registry.actions names them
            (Product, products, "product.create"),
            (Decision, decisions, "decision.import"),
        ):
            model._default_manager.bulk_create(objs, batch_size=BATCH_SIZE)
            changes += [Change(action, obj, after=snapshot(obj)) for obj in objs]
        created = [cast(Certificate, plan.obj) for plan in plans if plan.outcome == NEW]
        Certificate.objects.bulk_create(created, batch_size=BATCH_SIZE)
        changes += [Change("certificate.import", obj, after=snapshot(obj)) for obj in created]
        updated = [plan for plan in plans if plan.outcome == UPDATED]
        names: set[str] = set()
        for plan in updated:
            plan.before, plan.after = diff(plan.before, snapshot(plan.obj))
            names.update(plan.after)
            changes.append(Change("certificate.import_update", plan.obj, plan.before, plan.after))
        if updated:
            objs = [cast(Certificate, plan.obj) for plan in updated]
            Certificate.objects.bulk_update(objs, field_names(Certificate, names), BATCH_SIZE)
        if changes:
            record_many(actor=ctx.actor, changes=changes)
        if plans:  # what the catalogue's signals do for a certificate saved on its own
            refresh_products({plan.obj.product_id for plan in plans})  # type: ignore[attr-defined]
