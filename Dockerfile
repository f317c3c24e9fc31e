FROM python:3.13-slim-bookworm
# Pango for WeasyPrint; fonts installed as packages so PDFs never download fonts.
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
COPY . .
ENV DJANGO_STATIC_ROOT=/app/var/static
RUN mkdir -p var && useradd --system styrkort && chown -R styrkort var
USER styrkort
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi:application", "--config", "gunicorn.conf.py"]
