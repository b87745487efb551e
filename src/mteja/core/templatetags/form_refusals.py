"""`{{ form|refusals }}`: a list's refused filters in the words its export uses too."""

from django import template

from mteja.core.web import forms

register = template.Library()
register.filter("refusals", forms.refusals)
