"""The import types, by the name used in URLs and on the command line (`ocop import producers`).

A new type is a small class (columns, parse_row, natural_key, upsert) added to REGISTRY."""

from ocop.exchange.importers.base import NEW, UNCHANGED, UPDATED, Column, ImportType
from ocop.exchange.importers.certificates import CertificateImport
from ocop.exchange.importers.listings import ListingImport
from ocop.exchange.importers.producers import ProducerImport
from ocop.exchange.importers.products import ProductImport
from ocop.exchange.importers.showrooms import ShowroomImport

REGISTRY: dict[str, ImportType] = {
    importer.key: importer
    for importer in (
        ProducerImport(),
        ProductImport(),
        CertificateImport(),
        ShowroomImport(),
        ListingImport(),
    )
}

__all__ = ["NEW", "REGISTRY", "UNCHANGED", "UPDATED", "Column", "ImportType"]
