"""Model stage: plain typed objects built from validated data."""
from cascade.model.types import (  # noqa: F401
    Crosscutting,
    Indikator,
    Jabatan,
    KepalaDaerah,
    Mentor,
    Misi,
    Node,
    Opd,
    Pejabat,
    Pemda,
    Repo,
    RpjmdSasaran,
    RpjmdTujuan,
    Settings,
    Skala,
    Strategi,
)
