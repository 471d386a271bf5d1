"""Build the bundled sample listings (data/kiosk.json) from kiosk.model records.

Written in Python rather than by hand so the file is exactly what `Store.write_listings` stores
and every record passes `kiosk check`. Everything here is invented: the centre, the addresses,
the 555-01xx phone numbers and the conference links. Run it again after editing:

    .venv/bin/python data/make_sample.py            # writes data/kiosk.json
    .venv/bin/python data/make_sample.py other.json # writes elsewhere
"""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk.model import Event, Listings, Meeting, Page, Program, Settings
from kiosk.store import Store

CENTER = {
    "location": "Lakeside Peer Support Center",
    "address": "1847 Willow Bend Road, Palatine, IL 60067",
}
LIBRARY = {
    "location": "Oak Grove Public Library",
    "address": "310 North Elm Court, Arlington Heights, IL 60004",
}
COMMONS = {
    "location": "Riverside Wellness Commons",
    "address": "4620 North Harbor Avenue, Chicago, IL 60640",
}
NEWCOMERS = "Newcomers welcome; arrive 10 minutes early."

SETTINGS = Settings(
    org_name="Lakeside Peer Support Center",
    timezone="America/Chicago",
    dwell_seconds=12,
    idle_timeout_seconds=60,
    starting_soon_minutes=30,
    footer_text="In crisis? Call or text 988, any time. All meetings are free.",
)

PROGRAMS = (
    Program(
        slug="smart-recovery",
        name="SMART Recovery",
        summary="Science-based, self-empowering meetings to change addictive behaviour.",
        description=(
            "SMART (Self-Management and Recovery Training) Recovery is a free, "
            "abstinence-oriented mutual support group for anyone with an addictive problem.\n\n"
            "Meetings teach practical tools built around the 4-Point Program: (1) building and "
            "keeping the motivation to change, (2) coping with urges, (3) managing thoughts, "
            "feelings and behaviours without addictive behaviour, and (4) living a balanced, "
            "positive and healthy life.\n\n"
            "The aim is to move from a life that feels self-destructive to one that is "
            "constructive and satisfying."
        ),
        url="https://smartrecovery.org",
        order=1,
        summary_es=(
            "Reuniones basadas en la ciencia que le dan herramientas para cambiar conductas "
            "adictivas."
        ),
        description_es=(
            "SMART Recovery (Self-Management and Recovery Training, entrenamiento en "
            "autogestión y recuperación) es un grupo de apoyo mutuo gratuito, orientado a la "
            "abstinencia, para cualquier persona con un problema de adicción.\n\n"
            "En las reuniones se aprenden herramientas prácticas en torno al Programa de 4 "
            "Puntos: (1) crear y mantener la motivación para cambiar, (2) afrontar los "
            "impulsos, (3) manejar pensamientos, emociones y conductas sin recurrir a la "
            "adicción y (4) llevar una vida equilibrada, positiva y saludable.\n\n"
            "La meta es pasar de una vida que se siente autodestructiva a una vida "
            "constructiva y satisfactoria."
        ),
    ),
    Program(
        slug="smart-family-friends",
        name="SMART Family & Friends",
        summary="Tools for people who love someone with an addiction.",
        description=(
            "For parents, partners, relatives and friends of someone struggling with "
            "addiction. The tools come from SMART Recovery and from CRAFT (Community "
            "Reinforcement and Family Training).\n\n"
            "You learn how to support your loved one without supporting the addictive "
            "behaviour, and how to look after yourself and find some peace of mind again.\n\n"
            "Meetings are held in person and online."
        ),
        url="https://smartrecovery.org/family",
        order=2,
        summary_es="Herramientas para quienes quieren a alguien con una adicción.",
        description_es=(
            "Para madres, padres, parejas, familiares y amistades de una persona que lucha "
            "contra una adicción. Las herramientas vienen de SMART Recovery y de CRAFT "
            "(Community Reinforcement and Family Training, refuerzo comunitario y "
            "entrenamiento familiar).\n\n"
            "Aprenderá a apoyar a su ser querido sin apoyar la conducta adictiva, y a cuidar "
            "de usted y recuperar algo de tranquilidad.\n\n"
            "Las reuniones son en persona y en línea."
        ),
    ),
    Program(
        slug="refuge-recovery",
        name="Refuge Recovery",
        summary="A mindfulness-based path of recovery from any kind of addiction.",
        description=(
            "Refuge Recovery is a community open to everyone, whatever the addiction. "
            "Nobody is asked to believe anything; only to trust the process and do the work.\n\n"
            "The program uses the traditional Buddhist practices of the Four Noble Truths and "
            "the Eightfold Path to understand the suffering addiction causes, become more "
            "mindful of our own minds, and meet our pain with compassion.\n\n"
            "Meetings usually include a short guided meditation."
        ),
        url="https://refugerecovery.org",
        order=3,
        summary_es="Un camino de recuperación de cualquier adicción basado en la atención plena.",
        description_es=(
            "Refuge Recovery es una comunidad abierta a todas las personas, sea cual sea su "
            "adicción. A nadie se le pide que crea en nada; solo que confíe en el proceso y "
            "haga el trabajo.\n\n"
            "El programa se basa en las prácticas budistas tradicionales de las Cuatro Nobles "
            "Verdades y el Óctuple Sendero para comprender el sufrimiento que causa la "
            "adicción, tomar más conciencia de nuestra propia mente y acoger nuestro dolor con "
            "compasión.\n\n"
            "Las reuniones suelen incluir una breve meditación guiada."
        ),
    ),
    Program(
        slug="grief-group",
        name="Grief Group",
        summary="Support after losing someone to substance use.",
        description=(
            "A group for anyone who has lost a loved one to substance use: parents, "
            "grandparents, partners, relatives and friends.\n\n"
            "Everyone here has been through a loss like yours, so you can say what you need "
            "to say without being judged. Come every week or take a break; the group is "
            "here whenever you come back.\n\n"
            "Three times a year we meet socially for a pot luck, to spend a few hours "
            "together and get to know each other beyond our grief."
        ),
        order=4,
        summary_es="Apoyo después de perder a un ser querido por el consumo de sustancias.",
        description_es=(
            "Un grupo para cualquier persona que haya perdido a un ser querido por el consumo "
            "de sustancias: madres y padres, abuelos, parejas, familiares y amistades.\n\n"
            "Todas las personas aquí han pasado por una pérdida como la suya, así que puede "
            "decir lo que necesite sin que nadie le juzgue. Venga cada semana o tómese un "
            "descanso; el grupo estará aquí cuando vuelva.\n\n"
            "Tres veces al año nos reunimos para una comida compartida, para pasar unas horas "
            "juntos y conocernos más allá de nuestro duelo."
        ),
    ),
)

PAGES = (
    Page(
        slug="peer-support",
        title="What is peer support?",
        body=(
            "Peer support is help given and received by people with lived experience of "
            "recovery from substance use or mental health problems. It is not professional or "
            "clinical care; it rests on shared understanding, respect and mutual "
            "empowerment, and it helps people stay engaged in recovery.\n\n"
            "Peers support each other in four ways:\n"
            "Emotional: understanding how you feel and talking in words that mean something "
            "to you.\n"
            "Informational: sharing knowledge as equals, not as an authority.\n"
            "Instrumental: practical help learning new skills, which builds confidence.\n"
            "Affiliational: regular contact that gives a sense of belonging to a group you "
            "can rely on, where your own experience helps others."
        ),
        order=1,
        title_es="¿Qué es el apoyo entre pares?",
        body_es=(
            "El apoyo entre pares es la ayuda que se dan y reciben personas con experiencia "
            "vivida de recuperación del consumo de sustancias o de problemas de salud mental. "
            "No es atención profesional ni clínica; se basa en la comprensión compartida, el "
            "respeto y el empoderamiento mutuo, y ayuda a las personas a seguir comprometidas "
            "con su recuperación.\n\n"
            "Los pares se apoyan de cuatro maneras:\n"
            "Emocional: entender cómo se siente y hablar con palabras que tengan sentido para "
            "usted.\n"
            "Informativa: compartir conocimientos de igual a igual, no desde la autoridad.\n"
            "Práctica: ayuda concreta para aprender nuevas habilidades, lo que da confianza.\n"
            "De pertenencia: un contacto regular que da la sensación de formar parte de un "
            "grupo con el que puede contar, donde su propia experiencia ayuda a otras personas."
        ),
    ),
)


def zoom(meeting_number: str, phone: str, passcode_hint: str) -> dict[str, str]:
    """Online joining details: an invented Zoom link, dial-in number and passcode hint."""
    return {
        "conference_url": f"https://zoom.us/j/{meeting_number}",
        "conference_phone": phone,
        "conference_url_notes": passcode_hint,
    }


MEETINGS = (
    # Sunday
    Meeting(id="refuge-sun-morning", name="Refuge Recovery Sunday Sit",
            program="refuge-recovery", day=0, time="09:30", end_time="10:45",
            room="Quiet Room", notes=NEWCOMERS, **CENTER),
    Meeting(id="grief-sun-afternoon", name="Grief Group", program="grief-group", day=0,
            time="14:00", end_time="15:30", room="Community Room", **LIBRARY),
    Meeting(id="smart-ff-sun-online", name="SMART Family & Friends Online",
            program="smart-family-friends", day=0, time="18:00", end_time="19:00",
            attendance_option="online",
            **zoom("84102736651", "+1 312-555-0142", "Passcode: family")),
    # Monday
    Meeting(id="smart-mon-evening", name="SMART Recovery Monday", program="smart-recovery",
            day=1, time="18:30", end_time="20:00", attendance_option="hybrid", room="Room 2",
            **CENTER, **zoom("85519304472", "+1 312-555-0117", "Passcode: smart")),
    Meeting(id="smart-noon-online", name="SMART Recovery at Noon", program="smart-recovery",
            day=(1, 3, 5), time="12:00", end_time="13:00", attendance_option="online",
            notes="A short lunchtime meeting; cameras optional.",
            **zoom("86230018845", "+1 312-555-0123", "Passcode: noon")),
    # Tuesday: a full evening so the kiosk has something in every state at 18:55
    Meeting(id="smart-tue-morning", name="SMART Recovery Tuesday Morning",
            program="smart-recovery", day=2, time="10:00", end_time="11:00", room="Room 2",
            **CENTER),
    Meeting(id="smart-tue-evening", name="SMART Recovery Tuesday Evening",
            program="smart-recovery", day=2, time="18:00", end_time="19:30", room="Room 1",
            notes=NEWCOMERS, **CENTER),
    Meeting(id="refuge-tue-evening", name="Refuge Recovery Tuesday", program="refuge-recovery",
            day=2, time="19:15", end_time="20:30", attendance_option="hybrid",
            room="Quiet Room", **CENTER,
            **zoom("87741259903", "+1 312-555-0136", "Passcode: refuge")),
    Meeting(id="smart-ff-tue-online", name="SMART Family & Friends Tuesday",
            program="smart-family-friends", day=2, time="20:00", end_time="21:00",
            attendance_option="online",
            **zoom("88015562217", "+1 312-555-0142", "Passcode: family")),
    # Wednesday
    Meeting(id="smart-wed-early", name="SMART Recovery Early Start", program="smart-recovery",
            day=3, time="07:30", end_time="08:30", attendance_option="online",
            **zoom("83376601928", "+1 312-555-0117", "Passcode: sunrise")),
    Meeting(id="smart-ff-wed-hybrid", name="SMART Family & Friends Wednesday",
            program="smart-family-friends", day=3, time="18:30", end_time="20:00",
            attendance_option="hybrid", room="Meeting Room B", **LIBRARY,
            **zoom("89903145576", "+1 312-555-0142", "Passcode: family")),
    Meeting(id="grief-wed-evening", name="Grief Group Wednesday", program="grief-group",
            day=3, time="19:00", end_time="20:30", room="Community Room",
            notes="A safe space for anyone who lost someone to substance use.", **CENTER),
    # Thursday
    Meeting(id="smart-thu-morning", name="SMART Recovery Thursday Morning",
            program="smart-recovery", day=4, time="08:00", end_time="09:00",
            attendance_option="hybrid", room="Room 2", **COMMONS,
            **zoom("84456700213", "+1 773-555-0161", "Passcode: smart")),
    Meeting(id="refuge-thu-evening", name="Refuge Recovery Thursday",
            program="refuge-recovery", day=4, time="19:00", end_time="20:15",
            room="Studio 3", notes="No meeting on Thanksgiving (November 26).",
            cancelled=("2026-11-26",), **COMMONS),
    Meeting(id="smart-thu-late", name="SMART Recovery Late Night", program="smart-recovery",
            day=4, time="21:00", end_time="22:00", attendance_option="online",
            notes="For night owls and shift workers.",
            **zoom("85127739940", "+1 312-555-0123", "Passcode: latenight")),
    # Friday
    Meeting(id="smart-ff-fri-morning", name="SMART Family & Friends Friday Coffee",
            program="smart-family-friends", day=5, time="10:00", end_time="11:30",
            attendance_option="hybrid", room="Community Room", **LIBRARY,
            **zoom("86611830054", "+1 312-555-0142", "Passcode: family")),
    Meeting(id="refuge-fri-evening", name="Refuge Recovery Friday", program="refuge-recovery",
            day=5, time="18:30", end_time="19:45", room="Quiet Room", notes=NEWCOMERS, **CENTER),
    # Saturday
    Meeting(id="smart-sat-morning", name="SMART Recovery Saturday", program="smart-recovery",
            day=6, time="09:00", duration=90, room="Studio 3", **COMMONS),
    Meeting(id="smart-ff-sat-series", name="CRAFT Skills: a Six-Week Series",
            program="smart-family-friends", day=6, time="11:00", end_time="12:30",
            start_date="2026-11-07", end_date="2026-12-12", room="Room 1",
            notes="Six Saturdays on CRAFT communication skills; join any week.", **CENTER),
    # As imported from a Meeting Guide feed: type codes, `updated`, and fields the kiosk keeps
    # in `extra` without using them.
    Meeting(id="refuge-online-sat", name="Refuge Recovery Online Saturday",
            program="refuge-recovery", day=6, time="17:00", end_time="18:00",
            attendance_option="online", types=("ONL", "O", "MED"),
            updated="2026-10-01 12:00:00",
            **zoom("87300412265", "+1 312-555-0136", "Passcode: refuge"),
            extra={"group": "Refuge Recovery Lakeside",
                   "conference_phone_notes": "Meeting ID 873 0041 2265"}),
)

EVENTS = (
    Event(id="grief-potluck-december", name="Grief Group Holiday Pot Luck",
          program="grief-group", date="2026-12-12", time="17:30", end_time="20:30",
          location="Willow Bend Family Restaurant",
          address="2210 East Dundee Road, Palatine, IL 60074", room="Back room",
          notes="Bring a dish if you can; come either way. Family and friends welcome."),
)

SAMPLE = Listings(settings=SETTINGS, programs=PROGRAMS, pages=PAGES, meetings=MEETINGS,
                  events=EVENTS)


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else Path(__file__).with_name("kiosk.json")
    Store(target).write_listings(SAMPLE)
    problems = Store(target).load().problems
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
