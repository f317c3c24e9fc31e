"""The PDF renderer's child process: HTML on stdin, the PDF on stdout.

Run by ``common.pdf.render_pdf`` as ``python -m common.pdf_child <base_url> <bytes>``: it
caps its own address space and CPU time before WeasyPrint starts, so a document that
would take gigabytes or minutes ends this process alone, never the worker that asked.
It imports nothing of Django.
"""

from __future__ import annotations

import resource
import sys


def main(argv: list[str]) -> int:
    base_url, memory, seconds = argv[1], int(argv[2]), int(argv[3])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 5))
    html = sys.stdin.buffer.read().decode("utf-8")

    from weasyprint import HTML  # after the limits: its own set-up counts too

    try:
        pdf = HTML(string=html, base_url=base_url).write_pdf(
            pdf_variant="pdf/a-3a", custom_metadata=True
        )
    except MemoryError:
        sys.stderr.write("MemoryError\n")
        return 3
    assert pdf is not None
    sys.stdout.buffer.write(pdf)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
