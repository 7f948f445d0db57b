"""Preview a PDF (a letter, a day list) inside the app, then save it or print it.

The PDF is shown with QtPdf before it leaves the app. ``LetterPreviewDialog.preview`` is the
seam callers use (tests replace it); ``save_path`` and ``choose_printer`` are the seams for the
file chooser and the print dialog.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QRect,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from supportline.paths import atomic_write

from .banner_widget import BannerWidget


class LetterPreviewDialog(QDialog):
    saved = Signal(str)
    printed = Signal(int)  # pages

    def __init__(self, title: str, filename: str, pdf: bytes,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("letter_preview_dialog")
        self.setWindowTitle(title)
        self.filename = filename
        self.pdf = pdf
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)

        self.banner = BannerWidget()
        self.banner.setObjectName("preview_message_label")
        self.title_label = QLabel(title)
        self.title_label.setObjectName("preview_title_label")
        self.view = QPdfView(self)
        self.view.setObjectName("pdf_view")
        self.view.setAccessibleName(self.tr("Document preview"))
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.save_button = self._button("save_pdf_button", self.tr("&Save as PDF…"))
        self.print_button = self._button("print_button", self.tr("&Print…"))
        self.close_button = self._button("preview_close_button", self.tr("Close"))
        self.print_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.title_label, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.resize(820, 900)
        self._connect_signals()

    def _button(self, name: str, text: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.setAutoDefault(False)
        return button

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.print_button.clicked.connect(self._on_print_button_clicked)
        self.close_button.clicked.connect(self.accept)

    def page_count(self) -> int:
        return self.document.pageCount()

    # -- seams ----------------------------------------------------------------------------------

    @classmethod
    def preview(cls, parent: QWidget | None, title: str, filename: str, pdf: bytes) -> None:
        dialog = cls(title, filename, pdf, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    @classmethod
    def save_path(cls, parent: QWidget | None, suggested: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            parent, QCoreApplication.translate("LetterPreviewDialog", "Save as PDF"), suggested,
            QCoreApplication.translate("LetterPreviewDialog", "PDF files (*.pdf)"))
        return Path(name) if name else None

    @classmethod
    def choose_printer(cls, parent: QWidget | None) -> QPrinter | None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, parent)
        try:
            return printer if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    # -- saving and printing --------------------------------------------------------------------

    def save_to(self, path: Path) -> None:
        atomic_write(path, self.pdf)

    def print_to(self, printer: QPrinter) -> int:
        """Each page rendered at the printer's resolution; returns the pages printed."""
        painter = QPainter()
        if not painter.begin(printer):
            return 0
        printed = 0
        try:
            for page in range(self.page_count()):
                if page:
                    printer.newPage()
                target: QRect = painter.viewport()
                points = self.document.pagePointSize(page)
                scale = min(target.width() / max(points.width(), 1.0),
                            target.height() / max(points.height(), 1.0))
                size = QSize(int(points.width() * scale), int(points.height() * scale))
                image = self.document.render(page, size)
                painter.drawImage(QRect(target.topLeft(), size), image)
                printed += 1
        finally:
            painter.end()
        return printed

    @Slot()
    def _on_save_button_clicked(self) -> None:
        path = self.save_path(self, self.filename)
        if path is None:
            return
        try:
            self.save_to(path)
        except OSError:
            self.banner.show_message(self.tr("It could not be saved there: choose another "
                                             "folder."), "error")
            return
        self.banner.show_message(self.tr("Saved to {path}.").format(path=str(path)), "success")
        self.saved.emit(str(path))

    @Slot()
    def _on_print_button_clicked(self) -> None:
        printer = self.choose_printer(self)
        if printer is None:
            return
        pages = self.print_to(printer)
        if pages:
            self.banner.show_message(self.tr("Sent to the printer."), "success")
        else:
            self.banner.show_message(self.tr("The printer could not be used."), "error")
        self.printed.emit(pages)
