# 应用镜像：web（gunicorn）、worker、beat 共用；见 docker-compose.yml。
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# 先只复制 pyproject.toml 安装依赖：代码改动不会让这一层缓存失效。
# pyproject 里 [tool.setuptools] packages = []，`pip install .` 只安装依赖。
COPY pyproject.toml ./
RUN pip install --no-cache-dir .

COPY . .

# 非 root 运行；var/ 放 collectstatic 输出与上传文件（media 卷挂载在 var/media，继承此属主）。
RUN groupadd --system app \
    && useradd --system --gid app --home-dir /app --no-create-home app \
    && mkdir -p var/media var/staticfiles \
    && chown -R app:app var
USER app

EXPOSE 8000

CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "2"]
