"""Resident accounts: sign up, sign in, sign out, password reset by email, and "my petitions".

Django's own auth views with this app's templates, under the language prefix (``/zh-hans/accounts/``).
An account is optional: anonymous residents post and follow petitions with a tracking code.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import UserCreationForm
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from wagtail.models import Site

from rongmei.ratelimit import client_ip, hit

from .models import PetitionBoardPage

app_name = "accounts"


class SignUpForm(UserCreationForm):
    email = forms.EmailField(
        label=gettext_lazy("电子邮箱"), help_text=gettext_lazy("用于找回密码，不会公开。")
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username", "email"]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("这个邮箱已经注册过，可以直接登录或找回密码。"))
        return email


@never_cache
def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:my_petitions")
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        if not hit(f"accounts:signup:{client_ip(request)}", 5, 3600):
            form.is_valid()
            form.add_error(None, _("注册太频繁，请稍后再试。"))
        elif form.is_valid():
            user = form.save()
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("注册成功，欢迎您！"))
            return redirect("accounts:my_petitions")
    return TemplateResponse(request, "accounts/signup.html", {"form": form})


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if not hit(f"accounts:login:{client_ip(request)}", 20, 600):
            form = self.get_form()
            form.is_valid()
            form.add_error(None, _("登录尝试太多，请稍后再试。"))
            return self.form_invalid(form)
        return super().post(request, *args, **kwargs)

    def get_default_redirect_url(self):
        return reverse_lazy("accounts:my_petitions")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        if not hit(f"accounts:reset:{client_ip(request)}", 5, 3600):
            form = self.get_form()
            form.is_valid()
            form.add_error(None, _("操作太频繁，请稍后再试。"))
            return self.form_invalid(form)
        return super().post(request, *args, **kwargs)


def my_petitions(request):
    """The board's "my petitions" page of this site and language."""
    site = Site.find_for_request(request)
    board = None
    if site is not None:
        home = site.root_page.localized
        board = PetitionBoardPage.objects.live().descendant_of(home).first()
    if board is None:
        board = PetitionBoardPage.objects.live().first()
    if board is None:
        return TemplateResponse(request, "accounts/no_board.html", {}, status=404)
    return redirect(board.url + board.reverse_subpage("mine"))


urlpatterns = [
    path("signup/", signup, name="signup"),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(next_page=reverse_lazy("accounts:login")), name="logout"),
    path("password-reset/", PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("petitions/", my_petitions, name="my_petitions"),
]
