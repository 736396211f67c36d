"""Persistence: one SQLAlchemy database (SQLite by default, PostgreSQL by URL) for layers, plans,
users, facility status and their history. Every write is one transaction; nothing is half-saved."""

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base shared by every model of the store."""


db = SQLAlchemy(model_class=Base)
